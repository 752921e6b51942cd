# parent-shared: two (or more) macvlan networks on one parent interface,
# a NIC or a vlan; an internal network with a parent counts too. Each
# network after the first is reported, on its `parent` line. A NIC and a
# vlan on it, and internal networks without a parent, are near misses.

vlan 10 on eth3
vlan 20 on eth4

network a1 { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network a2 {
  parent eth1                                #! parent-shared
  subnet 10.2.0.0/24 gateway 10.2.0.1
}

network b1 { parent eth2; subnet 10.3.0.0/24 gateway 10.3.0.1 }
network b2 { parent eth2; subnet 10.4.0.0/24 gateway 10.4.0.1 }   #! parent-shared
network b3 { parent eth2; subnet 10.5.0.0/24 gateway 10.5.0.1 }   #! parent-shared

network v1 { parent eth3.10; subnet 10.6.0.0/24 gateway 10.6.0.1 }
network v2 {
  internal
  parent eth3.10                             #! parent-shared
  subnet 10.7.0.0/24
}

network n1 { parent eth4; subnet 10.8.0.0/24 gateway 10.8.0.1 }          # near miss
network n2 { parent eth4.20; subnet 10.9.0.0/24 gateway 10.9.0.1 }       # near miss
network i1 { internal; subnet 172.30.1.0/24 }                             # near miss
network i2 { internal; subnet 172.30.2.0/24 }                             # near miss

container ca1 { image "alpine:3.20"; network a1 ip 10.1.0.10 }
container ca2 { image "alpine:3.20"; network a2 ip 10.2.0.10 }
container cb1 { image "alpine:3.20"; network b1 ip 10.3.0.10 }
container cb2 { image "alpine:3.20"; network b2 ip 10.4.0.10 }
container cb3 { image "alpine:3.20"; network b3 ip 10.5.0.10 }
container cv1 { image "alpine:3.20"; network v1 ip 10.6.0.10 }
container cv2 { image "alpine:3.20"; network v2 ip 10.7.0.10 }
container cn1 { image "alpine:3.20"; network n1 ip 10.8.0.10 }
container cn2 { image "alpine:3.20"; network n2 ip 10.9.0.10 }
container ci1 { image "alpine:3.20"; network i1 }
container ci2 { image "alpine:3.20"; network i2 }
