# ip-in-range: a container's static address inside the range Docker
# assigns from (block, inline and network-level ranges, the range's first
# and last address, IPv6). Addresses just outside the range, and a shim's
# address inside it, are near misses.

network a {
  parent eth1
  subnet 10.1.0.0/24 {
    gateway 10.1.0.1
    range 10.1.0.128/25
  }
  subnet fd00:1::/64 gateway fd00:1::1 range fd00:1::100/120
}
network b {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
  range 10.2.0.64/26
}

container c1 { image "alpine:3.20"; network a ip 10.1.0.200 }     #! ip-in-range
container c2 { image "alpine:3.20"; network a ip 10.1.0.128 }     #! ip-in-range
container c3 { image "alpine:3.20"; network a ip6 fd00:1::1ff }   #! ip-in-range
container c4 { image "alpine:3.20"; network b ip 10.2.0.127 }     #! ip-in-range

container ok1 { image "alpine:3.20"; network a ip 10.1.0.127 ip6 fd00:1::200 }
container ok2 { image "alpine:3.20"; network b ip 10.2.0.63 }
container ok3 { image "alpine:3.20"; network b ip 10.2.0.128 }

shim mv0 { network a; address 10.1.0.250/32 }
