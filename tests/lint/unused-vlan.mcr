# unused-vlan: a vlan no network uses (named or short form, also a stacked
# vlan). A vlan used by a network, and one that is only the parent of
# another vlan, are near misses.

vlan eth1.10 { parent eth1; id 10 }          #! unused-vlan
vlan 11 on eth1                              #! unused-vlan
vlan 12 on eth1
vlan 13 on eth1
vlan eth1.13.5 { parent eth1.13; id 5 }
vlan 6 on eth1.13                            #! unused-vlan

network a { parent eth1.12; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network b { parent eth1.13.5; subnet 10.2.0.0/24 gateway 10.2.0.1 }

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip 10.2.0.10 }
