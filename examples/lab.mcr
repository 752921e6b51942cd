# A small lab on one NIC (enp3s0), trunked to a switch that carries VLANs 10
# and 20. It shows:
#   - two VLAN sub-interfaces on one NIC, in the short form (`vlan 10 on ...`)
#     and the block form (`vlan enp3s0.20 { ... }`);
#   - one network per VLAN (each parent carries one network only, so
#     `parent-shared` does not fire), plus an internal network;
#   - a network with two subnets (IPv4 + IPv6);
#   - a host shim so the host itself can reach the containers on `servers`;
#   - a container on two networks with gateways, choosing its default route
#     with `gateway NAME`;
#   - `depends-on` between containers that share a subnet;
#   - static addresses outside the ranges Docker assigns from, and a
#     unicast, locally administered MAC (02:...).
# Lints clean: no errors, no warnings.

project lab

parent enp3s0                       # the host NIC, a trunk port

vlan 10 on enp3s0                   # enp3s0.10: servers
vlan enp3s0.20 {                    # enp3s0.20: clients
  parent enp3s0
  id 20
}

network servers {
  mode bridge
  parent enp3s0.10
  subnet 10.10.0.0/24 {
    gateway 10.10.0.1
    range 10.10.0.192/27            # Docker assigns from .192 - .223
  }
  subnet fd00:10::/64 gateway fd00:10::1
}

network clients {
  parent enp3s0.20
  subnet 10.20.0.0/24 {
    gateway 10.20.0.1
    range 10.20.0.128/25
    reserve switch = 10.20.0.2      # the managed switch's address
  }
}

network storage {
  internal                          # app <-> db only, no way out
  subnet 172.30.0.0/24
}

shim lab-host {                     # lets the host reach the servers network
  network servers
  address 10.10.0.250/32
  route 10.10.0.128/25              # covers the static addresses and the range
}

container proxy {
  image "traefik:v3.1"
  hostname proxy
  network servers {
    ip 10.10.0.130
    mac 02:00:0a:0a:00:82
  }
  network clients ip 10.20.0.10     # what the clients talk to
  gateway servers                   # default route via 10.10.0.1
  depends-on app
  restart unless-stopped
}

container app {
  image "gitea/gitea:1.22"
  env TZ = "UTC"
  network servers {
    ip 10.10.0.131
    ip6 fd00:10::131
  }
  network storage ip 172.30.0.10
  gateway servers
  depends-on db                     # shares storage (172.30.0.0/24) with db
  restart unless-stopped
}

container db {
  image "postgres:16"
  env POSTGRES_DB = "gitea"
  network storage ip 172.30.0.20
  restart unless-stopped
}
