# ip-in-node-range: a static address inside another node's range, given
# (`range … on NODE`) or split from one `range`. An address in the node's
# own range (only the ip-in-range warning) and one outside every range are
# near misses.

node edge { docker "unix:///run/edge/docker.sock" }
node core { docker "unix:///run/core/docker.sock" }

network lan {
  parent eth0
  subnet 192.168.1.0/24 {
    gateway 192.168.1.1
    range 192.168.1.128/26 on edge
    range 192.168.1.192/26 on core
  }
}
network split {
  parent eth1
  subnet 192.168.2.0/24 gateway 192.168.2.1 range 192.168.2.128/25
}

container a { node edge; image "alpine:3.20"; network lan ip 192.168.1.200; network split ip 192.168.2.10; gateway lan }   #! ip-in-node-range
container b { node core; image "alpine:3.20"; network lan ip 192.168.1.20; network split ip 192.168.2.130; gateway lan }   #! ip-in-node-range ip-in-range
container c { node core; image "alpine:3.20"; network lan ip 192.168.1.21; network split ip 192.168.2.200; gateway lan }   #! ip-in-range
