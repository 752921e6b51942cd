# vlan-duplicate: two vlans, under different interface names, with the
# same parent and id (named and short form; `0060` is id 60). Each later
# one is reported. The same id on another parent, and another id on the
# same parent, are near misses.

vlan uplink50 { parent eth1; id 50 }
vlan 50 on eth1                              #! vlan-duplicate
vlan 60 on eth1
vlan 0060 on eth1                            #! vlan-duplicate
vlan tagged60 {                              #! vlan-duplicate
  parent eth1
  id 60
}

vlan 50 on eth2                              # near miss: another parent
vlan 51 on eth1                              # near miss: another id

network a { parent uplink50; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network b { parent eth1.50; subnet 10.2.0.0/24 gateway 10.2.0.1 }
network c { parent eth1.60; subnet 10.3.0.0/24 gateway 10.3.0.1 }
network d { parent eth1.0060; subnet 10.4.0.0/24 gateway 10.4.0.1 }
network e { parent tagged60; subnet 10.5.0.0/24 gateway 10.5.0.1 }
network f { parent eth2.50; subnet 10.6.0.0/24 gateway 10.6.0.1 }
network g { parent eth1.51; subnet 10.7.0.0/24 gateway 10.7.0.1 }

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip 10.2.0.10 }
container cc { image "alpine:3.20"; network c ip 10.3.0.10 }
container cd { image "alpine:3.20"; network d ip 10.4.0.10 }
container ce { image "alpine:3.20"; network e ip 10.5.0.10 }
container cf { image "alpine:3.20"; network f ip 10.6.0.10 }
container cg { image "alpine:3.20"; network g ip 10.7.0.10 }
