# missing-parent: a vlan block without a parent, without an id, or
# without both. Complete vlans, in either form, are near misses. A network
# on an incomplete vlan gets no further diagnostic.

vlan eth1.10 { id 10 }                       #! missing-parent
vlan eth1.11 {                               #! missing-parent
  parent eth1
  mtu 1500
}
vlan eth1.12 {}                              #! missing-parent

vlan 13 on eth1                              # near miss: short form
vlan eth1.14 { parent eth1; id 14 }          # near miss: named form

network n10 { parent eth1.10; subnet 10.10.0.0/24 gateway 10.10.0.1 }
network n13 { parent eth1.13; subnet 10.13.0.0/24 gateway 10.13.0.1 }
network n14 { parent eth1.14; subnet 10.14.0.0/24 gateway 10.14.0.1 }

container c10 { image "alpine:3.20"; network n10 ip 10.10.0.10 }
container c13 { image "alpine:3.20"; network n13 ip 10.13.0.10 }
container c14 { image "alpine:3.20"; network n14 ip 10.14.0.10 }
