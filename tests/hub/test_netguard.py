"""The network guard: it refuses and records non-loopback connections and lookups, lets
loopback through, and a whole run of the client against the test Hub stays on loopback."""

from __future__ import annotations

import socket

import pytest
from netguard import NetGuard, NetworkBlocked, is_loopback

from .server import GRANTED_TOKEN, HubServer

DOC_NET = "192.0.2.1"  # TEST-NET-1 (RFC 5737): never routed


def test_guard_refuses_every_way_out(netguard: NetGuard) -> None:
    with pytest.raises(NetworkBlocked, match=r"192\.0\.2\.1"):
        socket.create_connection((DOC_NET, 80), timeout=0.1)
    with pytest.raises(NetworkBlocked, match=r"huggingface\.co"):
        socket.getaddrinfo("huggingface.co", 443)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(NetworkBlocked):
            sock.connect((DOC_NET, 443))
        with pytest.raises(NetworkBlocked):
            sock.connect_ex((DOC_NET, 443))
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock6, pytest.raises(NetworkBlocked):
        sock6.connect(("2001:db8::1", 443, 0, 0))
    calls = [(a.call, a.host) for a in netguard.refused]
    assert calls == [
        ("create_connection", DOC_NET),
        ("getaddrinfo", "huggingface.co"),
        ("connect", DOC_NET),
        ("connect_ex", DOC_NET),
        ("connect", "2001:db8::1"),
    ]
    with pytest.raises(pytest.fail.Exception, match="tried to leave the machine"):
        netguard.verify()
    netguard.clear()  # asserted on: the teardown check must not fail this test


def test_the_real_hub_is_out_of_reach(netguard: NetGuard) -> None:
    from huggingface_hub import HfApi

    with pytest.raises(NetworkBlocked):
        HfApi(endpoint="https://huggingface.co", token=False).model_info("gpt2")
    assert {(a.host, a.port) for a in netguard.refused} == {("huggingface.co", 443)}
    netguard.clear()


def test_loopback_names() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.9.10", "::1", "localhost", None))
    assert not any(is_loopback(h) for h in ("10.0.0.1", "0.0.0.0", "example.com", "::"))


def test_unix_sockets_pass(netguard: NetGuard, tmp_path: object) -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"x")
        assert right.recv(1) == b"x"
    assert netguard.refused == []


def test_a_whole_client_run_stays_on_loopback(hub_server: HubServer, netguard: NetGuard) -> None:
    from huggingface_hub import HfApi, hf_hub_download, model_info

    client = HfApi(endpoint=hub_server.endpoint, token=GRANTED_TOKEN)
    client.model_info("acme/llama-3.1-8b-support", files_metadata=True)
    model_info("TheBloke/Mistral-7B-v0.1-GGUF")  # the module-level API, pointed by the fixture
    client.dataset_info("nvidia/HelpSteer2")
    client.get_safetensors_metadata("meta-llama/Llama-3.1-8B")
    client.list_repo_files("allenai/olmo-mix-1124", repo_type="dataset")
    hf_hub_download("meta-llama/Meta-Llama-3.1-8B", "config.json", token=GRANTED_TOKEN)
    hf_hub_download("acme/sentiment-tiny", "model.safetensors")
    attempts = netguard.attempts
    assert attempts, "the guard saw no connection: it was not watching"
    assert netguard.refused == []
    assert {a.host for a in attempts} == {"127.0.0.1"}
    assert {a.port for a in attempts} == {
        int(hub_server.endpoint.rsplit(":", 1)[1]),
        int(hub_server.cdn_endpoint.rsplit(":", 1)[1]),
    }
