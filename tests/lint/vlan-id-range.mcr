# vlan-id-range: a vlan id outside 1..4094: 0, 4095, and numbers too large
# for an id at all. 1 and 4094 are near misses.

vlan eth1.0 { parent eth1; id 0 }            #! vlan-id-range
vlan 4095 on eth1                            #! vlan-id-range
vlan eth1.9999 {
  parent eth1
  id 9999                                    #! vlan-id-range
}
vlan 70000 on eth1                           #! vlan-id-range

vlan 1 on eth1                               # near miss
vlan eth1.4094 { parent eth1; id 4094 }      # near miss

network n0 { parent eth1.0; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network n4095 { parent eth1.4095; subnet 10.2.0.0/24 gateway 10.2.0.1 }
network n9999 { parent eth1.9999; subnet 10.3.0.0/24 gateway 10.3.0.1 }
network n1 { parent eth1.1; subnet 10.4.0.0/24 gateway 10.4.0.1 }
network n4094 { parent eth1.4094; subnet 10.5.0.0/24 gateway 10.5.0.1 }

container c0 { image "alpine:3.20"; network n0 ip 10.1.0.10 }
container c4095 { image "alpine:3.20"; network n4095 ip 10.2.0.10 }
container c9999 { image "alpine:3.20"; network n9999 ip 10.3.0.10 }
container c1 { image "alpine:3.20"; network n1 ip 10.4.0.10 }
container c4094 { image "alpine:3.20"; network n4094 ip 10.5.0.10 }
