"""The Merkle tree follows RFC 6962: the Certificate Transparency test vectors, audit paths and
consistency proofs for every tree size up to 33."""

from __future__ import annotations

import pytest

from letters.signatures import merkle

# leaf inputs and roots of the RFC 6962 reference test vectors (certificate-transparency's merkle tests)
INPUTS = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
LEAVES = [merkle.leaf_hash(x) for x in INPUTS]
MANY = [merkle.leaf_hash(str(i).encode()) for i in range(33)]


@pytest.mark.parametrize("n", range(1, 9))
def test_roots_match_the_reference_vectors(n: int) -> None:
    assert merkle.root(LEAVES[:n]).hex() == ROOTS[n - 1]


def test_empty_tree_is_the_hash_of_nothing() -> None:
    assert merkle.root([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_audit_paths_verify_and_catch_a_changed_leaf() -> None:
    for n in range(1, 34):
        leaves = MANY[:n]
        r = merkle.root(leaves)
        for i in range(n):
            path = merkle.audit_path(i, leaves)
            assert merkle.verify_audit_path(i, n, leaves[i], path, r)
            assert not merkle.verify_audit_path(i, n, merkle.leaf_hash(b"other"), path, r)
            if n > 1:
                assert not merkle.verify_audit_path((i + 1) % n, n, leaves[i], path, r)


def test_consistency_proofs_between_every_pair_of_sizes() -> None:
    for n in range(1, 34):
        for m in range(1, n + 1):
            proof = merkle.consistency_proof(m, MANY[:n])
            old, new = merkle.root(MANY[:m]), merkle.root(MANY[:n])
            assert merkle.verify_consistency(m, n, old, new, proof), (m, n)
            if m < n:
                assert not merkle.verify_consistency(m, n, merkle.root(MANY[1 : m + 1]), new, proof), (m, n)
