# passthru-single-endpoint: a passthru network with a second container, or
# with a shim, or another network on its parent (before or after it; two
# passthru networks on one parent are reported once). No parent-shared
# warning joins it. A passthru network with one container, and one on a
# vlan of a NIC another network uses, are near misses.

network p1 {
  mode passthru
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}
network p2 {
  mode passthru
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
}

network before {
  parent eth3
  subnet 10.3.0.0/24 gateway 10.3.0.1
}
network p3 {
  mode passthru
  parent eth3                                #! passthru-single-endpoint
  subnet 10.4.0.0/24 gateway 10.4.0.1
}
network after {
  parent eth3                                #! passthru-single-endpoint
  subnet 10.5.0.0/24 gateway 10.5.0.1
}

network p4 { mode passthru; parent eth4; subnet 10.6.0.0/24 gateway 10.6.0.1 }
network p5 { mode passthru; parent eth4; subnet 10.7.0.0/24 gateway 10.7.0.1 }   #! passthru-single-endpoint

vlan 10 on eth5
network ok1 { mode passthru; parent eth5.10; subnet 10.8.0.0/24 gateway 10.8.0.1 }
network ok2 { parent eth5; subnet 10.9.0.0/24 gateway 10.9.0.1 }

shim mv0 {
  network p2                                 #! passthru-single-endpoint
  address 10.2.0.250/32
}

container c1 { image "alpine:3.20"; network p1 ip 10.1.0.10 }
container c2 {
  image "alpine:3.20"
  network p1 ip 10.1.0.11                    #! passthru-single-endpoint
}
container c3 { image "alpine:3.20"; network p1 }                  #! passthru-single-endpoint
container c4 { image "alpine:3.20"; network p2 ip 10.2.0.10 }
container c5 { image "alpine:3.20"; network before ip 10.3.0.10 }
container c6 { image "alpine:3.20"; network p3 ip 10.4.0.10 }
container c7 { image "alpine:3.20"; network after ip 10.5.0.10 }
container c8 { image "alpine:3.20"; network p4 ip 10.6.0.10 }
container c9 { image "alpine:3.20"; network p5 ip 10.7.0.10 }
container c10 { image "alpine:3.20"; network ok1 ip 10.8.0.10 }
container c11 { image "alpine:3.20"; network ok2 ip 10.9.0.10 }
