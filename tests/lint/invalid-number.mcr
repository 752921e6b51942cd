# invalid-number: a vlan id or MTU that is not a decimal number, or an MTU
# too large to be one. An id that is a number but out of 1..4094 is
# vlan-id-range instead (see that fixture).

vlan eth1.10 { parent eth1; id ten }         #! invalid-number
vlan eth1.11 { parent eth1; id 0x0b }        #! invalid-number
vlan 1-2 on eth1                             #! invalid-number
vlan eth1.13 {
  parent eth1
  id 13
  mtu 1500b                                  #! invalid-number
}
vlan eth1.14 {
  parent eth1
  id 14
  mtu 4294967296                             #! invalid-number
}
vlan eth1.15 {
  parent eth1
  id 15
  mtu -1                                     #! invalid-number
}
vlan eth1.16 { parent eth1; id 16; mtu 1500 }        # near miss
vlan eth1.17 { parent eth1; id 17; mtu 9000 }        # near miss

network n13 { parent eth1.13; subnet 10.13.0.0/24 gateway 10.13.0.1 }
network n14 { parent eth1.14; subnet 10.14.0.0/24 gateway 10.14.0.1 }
network n15 { parent eth1.15; subnet 10.15.0.0/24 gateway 10.15.0.1 }
network n16 { parent eth1.16; subnet 10.16.0.0/24 gateway 10.16.0.1 }
network n17 { parent eth1.17; subnet 10.17.0.0/24 gateway 10.17.0.1 }

container c13 { image "alpine:3.20"; network n13 ip 10.13.0.10 }
container c14 { image "alpine:3.20"; network n14 ip 10.14.0.10 }
container c15 { image "alpine:3.20"; network n15 ip 10.15.0.10 }
container c16 { image "alpine:3.20"; network n16 ip 10.16.0.10 }
container c17 { image "alpine:3.20"; network n17 ip 10.17.0.10 }

# MTUs outside what the kernel accepts.
vlan 3001 on ethz1 { mtu 67 }        #! invalid-number unused-vlan
vlan 3002 on ethz1 { mtu 65536 }     #! invalid-number unused-vlan
vlan 3003 on ethz1 { mtu 68 }        # near miss
vlan 3004 on ethz1 { mtu 65535 }     # near miss
network mtua { parent ethz1.3003; subnet 10.250.3.0/24 gateway 10.250.3.1 }
network mtub { parent ethz1.3004; subnet 10.250.4.0/24 gateway 10.250.4.1 }
container mtuc { image alpine; network mtua ip 10.250.3.10; network mtub ip 10.250.4.10; gateway mtua }
