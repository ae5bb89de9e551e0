"""memcgsim.designs: the designs derived from one another at import."""
import dataclasses

import pytest

from memcgsim import designs


def test_a_derived_design_is_replaces():
    """``_derive`` (the designs' cheaper ``dataclasses.replace``): the same design,
    frozen, equal and hashed alike, its fields in their order; a name that is not a
    field refused."""
    base = designs.DESIGNS["5.12"]
    changes = {"name": "x", "kmem_page_ref": "objcg", "memcg_id_max": 7}
    got, want = designs._derive(base, **changes), dataclasses.replace(base, **changes)
    assert got == want and hash(got) == hash(want) and got is not want
    assert list(vars(got)) == [f.name for f in dataclasses.fields(designs.KernelDesign)]
    assert (got.kmem_page_ref, got.memcg_id_max, base.kmem_page_ref) == ("objcg", 7, "memcg")
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.name = "y"
    with pytest.raises(TypeError, match="no field kmem_page_refs"):
        designs._derive(base, kmem_page_refs="objcg")


def test_every_design_has_every_field():
    fields = [f.name for f in dataclasses.fields(designs.KernelDesign)]
    for d in designs.DESIGNS.values():
        assert type(d) is designs.KernelDesign and list(vars(d)) == fields, d.name
    assert designs.DESIGNS["6.1"].memcg_charge_batch == 64
    assert designs.DESIGNS["lru-reparent"].lru_page_ref == "objcg"
    assert designs.DESIGNS["lru-reparent"].memcg_charge_batch == 64
