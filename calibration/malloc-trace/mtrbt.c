/* memcgsim calibration (session 35, branch heap35, docs/fidelity.md item 221):
 * calibration/malloc-trace/mtr.c with each malloc, calloc and realloc's callers:
 * up to MTR_DEPTH return addresses inside the traced program (glibc's backtrace(),
 * through .eh_frame: the stripped Debian /bin/bash still unwinds), written as
 * offsets from its load address, for calibration/bash-malloc-callers.py to name
 * with the program's dynamic symbols (bash 5.2 exports its functions for loadable
 * builtins: `nm -D --defined-only /bin/bash`). Lines: "PID op args @ OFF...". */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <unistd.h>
#define MTR_DEPTH 8
extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_calloc(size_t, size_t);
static int fd = -1, busy = 0;
static unsigned long lo, hi;          /* the main program's text, as mapped */
static int phdr_cb(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size; (void)data;
  if (info->dlpi_name && info->dlpi_name[0]) return 0;   /* the main program: "" */
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *p = &info->dlpi_phdr[i];
    if (p->p_type == PT_LOAD && (p->p_flags & PF_X)) {
      lo = info->dlpi_addr; hi = info->dlpi_addr + p->p_vaddr + p->p_memsz;
    }
  }
  return 1;
}
static void out(const char *fmt, ...) {
  char b[512]; int k = snprintf(b, 16, "%d ", getpid()); va_list ap; va_start(ap, fmt);
  int n = k + vsnprintf(b + k, sizeof b - k - 200, fmt, ap); va_end(ap);
  if (fd < 0) { const char *p = getenv("MTR_FD"); fd = p ? atoi(p) : 2; }
  if (b[n - 1] == '\n' && fmt[0] != 'f') {             /* a request: its callers */
    void *bt[MTR_DEPTH + 3]; int m = backtrace(bt, MTR_DEPTH + 3); n--;
    n += snprintf(b + n, sizeof b - n, " @");
    for (int i = 2; i < m && n < (int)sizeof b - 24; i++) {
      unsigned long a = (unsigned long)bt[i];
      if (a >= lo && a < hi) n += snprintf(b + n, sizeof b - n, " %lx", a - lo);
    }
    b[n++] = '\n';
  }
  write(fd, b, n);
}
__attribute__((constructor)) static void init(void) {
  void *bt[2]; busy = 1; backtrace(bt, 2); dl_iterate_phdr(phdr_cb, 0); busy = 0;
}
void *malloc(size_t n) { void *p = __libc_malloc(n); if (!busy) { busy=1; out("m %zu %p\n", n, p); busy=0; } return p; }
void free(void *p) { if (p && !busy) { busy=1; out("f %p\n", p); busy=0; } __libc_free(p); }
void *realloc(void *o, size_t n) { void *p = __libc_realloc(o, n); if (!busy) { busy=1; out("r %p %zu %p\n", o, n, p); busy=0; } return p; }
void *calloc(size_t a, size_t b) { void *p = __libc_calloc(a, b); if (!busy) { busy=1; out("c %zu %p\n", a*b, p); busy=0; } return p; }
