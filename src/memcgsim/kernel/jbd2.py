"""jbd2, ext4's journal: how long it keeps the metadata buffers it journals busy.

ext4 modifies a metadata block (an inode table block, a bitmap, a directory block, a
group descriptor) under a handle: ``jbd2_journal_get_write_access`` attaches a
``journal_head`` to the buffer, which takes a reference on it
(``jbd2_journal_add_journal_head``: ``get_bh``), and files it on the running
transaction (``jbd2_journal_dirty_metadata``: ``BJ_Metadata``, jbddirty). A buffer
with a journal head is busy (``b_count > 0``): ``try_to_free_buffers`` fails, so
neither drop_caches nor reclaim (force_empty, memory.reclaim) can free its page,
which keeps the memcg it was charged to (the task that first read the block,
kernel/buffer.py) pinned. It stays busy (fs/jbd2/, v5.10 and v6.1):

- while in a transaction: the running one commits ``j_commit_interval`` after it
  began (``JBD2_DEFAULT_MAX_COMMIT_AGE``, 5 s: ``jbd2_get_transaction`` sets
  ``t_expires``, kjournald2's ``commit_timeout``), or at ``sync`` (``ext4_sync_fs``);
- after the commit, on the transaction's checkpoint list
  (``jbd2_journal_commit_transaction`` → ``__jbd2_journal_insert_checkpoint``, the
  buffer marked dirty: not yet written to its home location; a buffer the commit
  takes from an older checkpoint list leaves that one; the list's head is the
  buffer journalled first: phase 5 refiles the shadow list from its tail to
  ``t_forget``, whose buffers phase 7 inserts at the head one by one), until it is
  written home
  and then taken off the list. Written home by the block device's writeback:
  ``sync`` (after ``sync_fs``'s commit, ``sync_bdevs``) or the flusher once the
  block device inode has been dirty ``dirty_expire_centisecs`` (30 s); a buffer
  journalled again before that is cleaned (``do_get_write_access``: dirty becomes
  jbddirty) until the next commit. Taken off the list, once clean:
  - by the next commit's ``__jbd2_journal_clean_checkpoint_list``: oldest
    transaction first, each list from its head up to its first busy buffer (one
    journalled again: the inode bitmap and the group descriptor of any later
    file creation), and on to the next transaction only if this one was emptied
    (tests/conformance/scripts/jbd2-checkpoint.sh on 6.1: set B's four jobs stay
    dying past such a commit and drop_caches 1);
  - by reclaim and drop_caches on kernels before v5.14 (``blkdev_releasepage`` →
    ``ext4_bdev_try_to_free_page`` → ``jbd2_journal_try_to_free_buffers``, a
    clean checkpointed buffer of the page), removed by Linux commits acc6100d3ffa
    ("fs: remove bdev_try_to_free_page callback") and 3b672e3aedff ("ext4: remove
    bdev_try_to_free_page() callback") (in v5.14);
  - from v5.14 by jbd2's shrinker instead (Linux commit 4ba3fcdde7e3
    ("jbd2,ext4: add a shrinker to release checkpointed buffers")), registered on
    kernel/shrinker.py: not memcg aware, so ``drop_slab`` (drop_caches 2 and 3:
    after the page cache pass) runs it, memcg reclaim does not; the clean
    buffers of the lists (``jbd2_journal_shrink_checkpoint_list``);
  - by a checkpoint (``jbd2_log_do_checkpoint``: the oldest transaction's buffers
    written home and taken off), when the log runs short: a new handle needs
    ``j_max_transaction_buffers`` (a quarter of the journal) free
    (``add_transaction_credits`` → ``__jbd2_log_wait_for_space``).
Design switch ``jbd2_release``: "bdev_try_to_free_page" or "shrinker".

Its slab objects, on the CPU of the task that journals (traced on the 6.1 guest,
tools/sizes/lazyinit-slabs-trace.sh: ext4lazyinit's ``ext4_init_inode_table``;
docs/fidelity.md item 264): each handle's ``jbd2_journal_handle``
(``jbd2__journal_start`` → ``jbd2_alloc_handle``, given back at
``jbd2_journal_stop``; SLAB_TEMPORARY, 56 bytes, which SLUB merges into
``mbcache``: :data:`HANDLE_CACHE`), one a :meth:`Journal.dirty_metadata` (the
model has no handle spanning several buffers: the same slabs, a handle being taken
and given back on one CPU), and each journalled buffer's ``journal_head``
(``jbd2_journal_add_journal_head`` → ``journal_alloc_journal_head``, 112 bytes in a
120-byte slot, SLAB_TEMPORARY | SLAB_TYPESAFE_BY_RCU), taken when a buffer with none
joins a transaction and given back when it is on no list any more
(``jbd2_journal_put_journal_head`` → ``__journal_remove_journal_head``). Both
unaccounted, SLAB_RECLAIM_ACCOUNT (SReclaimable).

Not modelled: the log's own blocks (descriptor, commit and revoke blocks, the
buffers' frozen copies: pages of the block device charged to kjournald2, the root),
the metadata a write or
a truncation journals and that of delayed allocation but the inode's table block
(kernel/writeback.py ``Writeback._da_map_blocks``: not the bitmaps, group
descriptor and buddy pages of the allocation), the superblock's orphan list, journalled data but
5.10's slow symlinks' pages (data=journal: ``ext4_should_journal_data`` for
anything but a regular file; keyed by the negated inode number), fast commits.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .exec_kmallocs import _give, _take

if TYPE_CHECKING:
    from . import KernelCore

#: the cache /proc/slabinfo lists ``jbd2_journal_handle``'s objects under: SLUB
#: merges it (``handle_t``, 56 bytes, SLAB_TEMPORARY = SLAB_RECLAIM_ACCOUNT) into
#: the older mbcache (``struct mb_cache_entry``, 56 bytes, SLAB_RECLAIM_ACCOUNT;
#: pahole on 6.1's jbd2.ko and mbcache.ko): neither guest's boot slabinfo has a
#: line of its own for it, and a handle's new slab is mbcache's
#: (tools/sizes/recordings/lazyinit-slabs-trace--6.1-v2-2cpu.txt:
#: ``jbd2__journal_start`` → ``allocate_slab`` name="mbcache")
HANDLE_CACHE = "mbcache"
#: ``JBD2_DEFAULT_MAX_COMMIT_AGE`` (include/linux/jbd2.h): 5 s, ext4's default
#: ``commit=`` interval (``EXT4_DEF_MAX_COMMIT_AGE`` ... ``JBD2_DEFAULT_MAX_COMMIT_AGE``)
JBD2_DEFAULT_MAX_COMMIT_AGE_NS = 5 * 10**9
#: ``jbd2_log_space_left``'s allowance for rounding errors (32 blocks)
JBD2_LOG_SLACK = 32
#: block tags a 4 KiB descriptor block holds: ``(blocksize - sizeof(journal_header_t)
#: (12) - sizeof(struct jbd2_journal_block_tail) (4)) / journal_tag_bytes`` with
#: metadata_csum's csum v3 (``journal_block_tag3_t``, 16 bytes), less the first
#: tag's 16-byte UUID (fs/jbd2/commit.c, ``jbd2_journal_commit_transaction``)
TAGS_PER_DESCRIPTOR = (4096 - 12 - 4 - 16) // 16


def ext2fs_default_journal_size(num_blocks: int) -> int:
    """mke2fs's journal length in 4 KiB blocks for a filesystem of ``num_blocks``
    (e2fsprogs 1.47 lib/ext2fs/mkjournal.c ``ext2fs_default_journal_size``): the
    oracle's 1 GiB disk gets 8192 (dumpe2fs: "Total journal blocks: 8192",
    calibration/recordings/ext4-layout--mke2fs-1.47.0.txt), the host's 64 GiB
    131072 (groups 257-260, kernel/ext4.py ``host_disk_groups``)."""
    for limit, size in ((2048, -1), (32768, 1024), (256 * 1024, 4096), (512 * 1024, 8192),
                        (4096 * 1024, 16384), (8192 * 1024, 32768), (16384 * 1024, 65536),
                        (32768 * 1024, 131072)):
        if num_blocks < limit:
            return size
    return 262144


class Transaction:
    """A ``transaction_t``: the buffers it journals (``t_buffers``), then, once
    committed, those still on its checkpoint list (``t_checkpoint_list`` from its
    head: in the order they were journalled) and the log blocks its commit
    wrote."""
    __slots__ = ("tid", "buffers", "cp", "blocks", "forget")

    def __init__(self, tid: int) -> None:
        self.tid = tid
        self.buffers: dict[int, None] = {}
        self.cp: dict[int, None] = {}
        self.blocks = 0
        #: ``t_forget``'s freed buffers (``journal_unmap_buffer``): block -> what
        #: frees their page after the commit (``release_buffer_page``)
        self.forget: dict[int, Callable[[], None]] = {}


class Journal:
    """A mounted ext4's journal (``journal_t``): the running transaction, the
    committed ones still on the checkpoint list (``j_checkpoint_transactions``,
    oldest first) and each journalled buffer's state (by block number)."""
    __slots__ = ("k", "j_total_len", "running", "checkpoint", "b_transaction",
                 "b_cp_transaction", "dirty", "dirtied_when", "tid", "log_used", "jh",
                 "_caches")

    def __init__(self, k: "KernelCore", j_total_len: int) -> None:
        self.k = k
        self.j_total_len = j_total_len
        self.running: Transaction | None = None
        self.checkpoint: list[Transaction] = []
        #: block -> the transaction journalling it (``jh->b_transaction``)
        self.b_transaction: dict[int, Transaction] = {}
        #: block -> the checkpoint list it is on (``jh->b_cp_transaction``)
        self.b_cp_transaction: dict[int, Transaction] = {}
        #: committed blocks not yet written home (``buffer_dirty``)
        self.dirty: set[int] = set()
        #: when the block device inode became dirty (its ``dirtied_when``), ns
        self.dirtied_when: int | None = None
        self.tid = 0
        #: log blocks of the transactions on the checkpoint list
        self.log_used = 0
        #: block -> its ``journal_head``: (the CPU it was taken on, what
        #: :func:`_take` gave)
        self.jh: dict[int, tuple[int, Any]] = {}
        #: the handle's and the journal head's caches (made at the first handle)
        self._caches: tuple | None = None

    # ------------------------------------------------------------ slab objects
    def _slab_caches(self) -> tuple:
        """(``jbd2_journal_handle``'s cache, ``jbd2_journal_head``)."""
        c = self._caches
        if c is None:
            slab, sizes = self.k.slab, self.k.sizes
            c = self._caches = (
                slab.cache(HANDLE_CACHE, sizes.slab_objsize(HANDLE_CACHE), account=False,
                           reclaimable=True),
                slab.cache("jbd2_journal_head", sizes.slab_objsize("jbd2_journal_head"),
                           account=False, reclaimable=True))
        return c

    def _put_journal_head(self, block: int) -> None:
        """``__journal_remove_journal_head``: ``block``'s journal head given back on
        the current CPU once it is on no list."""
        got = self.jh.pop(block, None)
        if got is not None:
            _give(self._slab_caches()[1], self.k.slab._cpu(), got[1])

    # ------------------------------------------------------------ handles
    def dirty_metadata(self, block: int) -> None:
        """``jbd2_journal_get_write_access`` + ``jbd2_journal_dirty_metadata`` of
        ``block`` (its buffer in the cache) under a handle: it joins the running
        transaction (started, with its commit timer, if none runs; a checkpoint
        first if the log is short of a transaction's worth of space)."""
        handle_c, jh_c = self._slab_caches()
        cpu = self.k.slab._cpu()
        _give(handle_c, cpu, _take(handle_c, cpu))
        t = self.running
        if t is None:
            self._wait_for_space()
            self.tid += 1
            t = self.running = Transaction(self.tid)
            self.k.clock.call_later(JBD2_DEFAULT_MAX_COMMIT_AGE_NS, self._commit_timeout, t)
        if block in t.buffers:
            return
        if block not in self.jh:
            self.jh[block] = (cpu, _take(jh_c, cpu))
        t.buffers[block] = None
        self.b_transaction[block] = t
        # do_get_write_access: a committed buffer not yet home is jbddirty again
        self.dirty.discard(block)

    def busy(self, block: int) -> bool:
        """The buffer has a journal head (``buffer_jbd``): in a transaction or on a
        checkpoint list."""
        return block in self.b_transaction or block in self.b_cp_transaction

    # ------------------------------------------------------------ commit
    def _commit_timeout(self, t: Transaction) -> None:
        """kjournald2's ``commit_timeout``: the transaction's ``t_expires`` came."""
        if self.running is t:
            self.commit()

    def commit(self) -> None:
        """``jbd2_journal_commit_transaction`` of the running transaction: the clean
        buffers of the checkpoint lists go first
        (``__jbd2_journal_clean_checkpoint_list``), then each journalled buffer
        leaves an older checkpoint list for this one's and is dirty (to be written
        home, ``__jbd2_journal_refile_buffer`` → ``mark_buffer_dirty``)."""
        t = self.running
        if t is None:
            return
        self.running = None
        self.clean_checkpoint_list()
        cp_of, dirty = self.b_cp_transaction, self.dirty
        for block in t.buffers:
            old = cp_of.get(block)
            if old is not None:
                self._unlink(old, block)
            t.cp[block] = None
            cp_of[block] = t
            dirty.add(block)
        self.b_transaction = {}         # no other transaction runs during a commit
        for block, release in t.forget.items():
            # a freed buffer: off its old list, not checkpointed, its page freed
            old = cp_of.pop(block, None)
            if old is not None:
                self._unlink(old, block)
            dirty.discard(block)
            self._put_journal_head(block)
            release()
        t.forget = {}
        n = len(t.buffers)
        t.blocks = n + -(-n // TAGS_PER_DESCRIPTOR) + 1       # + descriptors, commit block
        self.k.pgpg[1] += t.blocks * 8      # the log's writes (jbd2_journal_write_metadata_buffer...)
        t.buffers = {}
        if t.cp:
            self.checkpoint.append(t)
            self.log_used += t.blocks
        if dirty and self.dirtied_when is None:
            now = self.k.clock.now_ns
            self.dirtied_when = now
            self.k.clock.call_at(now + self.k.writeback.dirty_expire_ns(), self._kupdate, now)

    # ------------------------------------------------------------ writeback
    def _kupdate(self, when: int) -> None:
        """The flusher's periodic writeback (``wb_check_old_data_flush``) of the
        block device inode, dirty since ``when`` for ``dirty_expire_centisecs``."""
        if self.dirtied_when == when:
            self.write_home()

    def write_home(self) -> None:
        """The dirty buffers written back (``__writeback_single_inode`` of the bdev
        inode, or ``sync_bdevs``; a journalled data page's by its inode's
        writeback): clean, still on their lists."""
        self.k.pgpg[1] += len(self.dirty) * 8
        self.dirty.clear()
        self.dirtied_when = None

    def sync(self) -> None:
        """``ksys_sync``: ``sync_inodes_sb`` writes the journalled data pages earlier
        commits dirtied, ``ext4_sync_fs`` commits the running transaction and
        waits, then ``sync_bdevs`` writes the block device's dirty buffers home
        (the data pages this commit dirtied stay dirty)."""
        self.dirty -= {b for b in self.dirty if b < 0}
        self.commit()
        kept = {b for b in self.dirty if b < 0}
        self.write_home()
        if kept:
            self.dirty |= kept
            self.dirtied_when = self.k.clock.now_ns
            self.k.clock.call_at(self.dirtied_when + self.k.writeback.dirty_expire_ns(),
                                 self._kupdate, self.dirtied_when)

    # ------------------------------------------------------------ checkpoint
    def _unlink(self, t: Transaction, block: int) -> bool:
        """``__jbd2_journal_remove_checkpoint``: ``block`` leaves ``t``'s list; an
        emptied transaction is dropped (``__jbd2_journal_drop_transaction``, its log
        space freed). Returns whether it was."""
        del t.cp[block]
        if t.cp:
            return False
        self.checkpoint.remove(t)
        self.log_used -= t.blocks
        return True

    def _cp_busy(self, block: int) -> bool:
        """``__cp_buffer_busy``: journalled again, or not written home."""
        return block in self.b_transaction or block in self.dirty

    def remove_checkpoint(self, block: int) -> bool:
        """``__jbd2_journal_remove_checkpoint`` of ``block`` (its journal head goes:
        the buffer is no longer busy). Returns whether its transaction was dropped."""
        t = self.b_cp_transaction.pop(block)
        if block not in self.b_transaction:
            self._put_journal_head(block)
        return self._unlink(t, block)

    def clean_checkpoint_list(self) -> None:
        """``__jbd2_journal_clean_checkpoint_list`` (not destroying): from the oldest
        transaction, each list from its head up to its first busy buffer, going on
        only past a transaction that was emptied."""
        for t in list(self.checkpoint):
            released = False
            for block in list(t.cp):
                if self._cp_busy(block):
                    break
                released = self.remove_checkpoint(block)
            if not released:
                return

    def register_shrinker(self) -> None:
        """``jbd2_journal_register_shrinker`` (ext4_fill_super, from v5.14: design
        switch ``jbd2_release``): ``j_shrinker``, not memcg aware (so only
        ``drop_slab`` and global reclaim run it, at the root: kernel/shrinker.py),
        DEFAULT_SEEKS, the default batch."""
        from .shrinker import Shrinker
        self.k.shrinkers.register_shrinker(Shrinker(
            "jbd2_journal", self.shrink_count, self.shrink_scan, 2, False))

    def shrink_count(self, sc) -> int:
        """``jbd2_journal_shrink_count``: the checkpointed buffers
        (``j_checkpoint_jh_count``), busy or not."""
        return len(self.b_cp_transaction)

    def shrink_scan(self, sc) -> int:
        """``jbd2_journal_shrink_scan`` → ``jbd2_journal_shrink_checkpoint_list``:
        up to ``nr_to_scan`` checkpointed buffers looked at, oldest transaction
        first, the clean ones taken off their lists (the model starts from the
        oldest each time, not from ``j_shrink_transaction``). Returns how many."""
        return self.shrink(sc.nr_to_scan)

    def shrink(self, nr_to_scan: int) -> int:
        """Up to ``nr_to_scan`` checkpointed buffers looked at, the clean ones taken
        off their lists (``journal_shrink_one_cp_list``). Returns how many."""
        freed = 0
        for t in list(self.checkpoint):
            for block in list(t.cp):
                if nr_to_scan <= 0:
                    return freed
                nr_to_scan -= 1
                if not self._cp_busy(block):
                    freed += 1
                    if self.remove_checkpoint(block):
                        break
        return freed

    def try_to_free_buffers(self, block: int) -> None:
        """``jbd2_journal_try_to_free_buffers`` (``ext4_bdev_try_to_free_page``,
        before v5.14), from reclaim or drop_caches releasing the page: a clean
        checkpointed buffer no transaction holds leaves its list."""
        if block in self.b_cp_transaction and not self._cp_busy(block):
            self.remove_checkpoint(block)

    def journal_unmap_buffer(self, block: int, release: Callable[[], None]) -> bool:
        """The page of a journalled data buffer truncated (``journal_unmap_buffer``,
        fs/jbd2/transaction.c, v5.10): True if it may be freed now (not journalled;
        only in the running transaction: unfiled; checkpointed and written home:
        off its list); else (checkpointed, not yet home) ``__dispose_buffer`` hands
        it to the running transaction's forget list, whose commit calls
        ``release`` (``release_buffer_page``: the page, out of the mapping, freed)."""
        t = self.b_transaction.get(block)
        cp = self.b_cp_transaction.get(block)
        if t is None and cp is None:
            return True
        if cp is None:
            assert t is not None
            del t.buffers[block]
            del self.b_transaction[block]
            self._put_journal_head(block)
            return True
        if t is None and (block not in self.dirty or self.running is None):
            self.dirty.discard(block)               # clear_buffer_jbddirty
            self.remove_checkpoint(block)
            return True
        running = self.running
        if running is None:                         # the model's unlink journals first
            return True
        running.buffers.pop(block, None)
        running.forget[block] = release
        self.b_transaction[block] = running
        return False

    def destroy(self) -> None:
        """``jbd2_journal_destroy`` (umount, ``ext4_put_super``): the running
        transaction committed, then every checkpointed buffer written home and
        taken off (``jbd2_log_do_checkpoint`` until the list is empty)."""
        self.commit()
        self.write_home()
        for t in list(self.checkpoint):
            for block in list(t.cp):
                self.remove_checkpoint(block)

    def _space_left(self) -> int:
        """``jbd2_log_space_left``: the log's free blocks less the slack."""
        return max(self.j_total_len - self.log_used - JBD2_LOG_SLACK, 0)

    def _wait_for_space(self) -> None:
        """``__jbd2_log_wait_for_space``: while a new transaction's
        ``j_max_transaction_buffers`` (a quarter of the log,
        ``jbd2_journal_get_max_txn_bufs``) do not fit, checkpoint the oldest
        transaction (``jbd2_log_do_checkpoint``: its dirty buffers written home, all
        taken off its list; a buffer journalled again waits for that commit, which
        the model does not need: such a buffer left this list at its commit)."""
        need = self.j_total_len // 4
        while self.checkpoint and self._space_left() < need:
            t = self.checkpoint[0]
            for block in list(t.cp):
                if block in self.b_transaction:
                    continue
                self.dirty.discard(block)
                if self.remove_checkpoint(block):
                    break
            else:
                break
        if not self.dirty:
            self.dirtied_when = None
