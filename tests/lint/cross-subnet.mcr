# cross-subnet: a container depends on one with which it shares no subnet:
# on different networks, or on one network with static addresses in
# different subnets (of every family both pin). Near misses: one side
# without a static address, a shared IPv6 subnet, another shared network.

network a {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
  subnet 10.11.0.0/24
  subnet fd00:1::/64 gateway fd00:1::1
  subnet fd00:11::/64
}
network b {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
}

container db { image "postgres:16"; network b ip 10.2.0.10 }
container app {
  image "alpine:3.20"
  network a ip 10.1.0.11
  depends-on db                              #! cross-subnet
}

container left { image "alpine:3.20"; network a ip 10.1.0.12 ip6 fd00:1::12 }
container right {
  image "alpine:3.20"
  network a ip 10.11.0.13
  depends-on left                            #! cross-subnet
}
container far {
  image "alpine:3.20"
  network a ip 10.11.0.14 ip6 fd00:11::14
  depends-on left                            #! cross-subnet
}

container ok1 {                              # near miss: no static address
  image "alpine:3.20"
  network a
  depends-on left right
}
container ok2 {                              # near miss: IPv4 apart, IPv6 shared
  image "alpine:3.20"
  network a ip 10.11.0.15 ip6 fd00:1::15
  depends-on left
}
container db2 {
  image "postgres:16"
  network a ip 10.1.0.17
  network b ip 10.2.0.17
  gateway a
}
container ok3 {                              # near miss: apart on a, together on b
  image "alpine:3.20"
  network a ip 10.11.0.16
  network b ip 10.2.0.16
  gateway b
  depends-on db2
}
