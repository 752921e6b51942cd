# vlan-name-mismatch: a vlan named like `PARENT.ID` whose parent or id says
# otherwise. Names that match (also stacked, `eth1.60.7`), names without a
# numeric suffix, and the short form are near misses.

vlan eth1.50 {                               #! vlan-name-mismatch
  parent eth2
  id 50
}
vlan eth1.51 { parent eth1; id 52 }          #! vlan-name-mismatch
vlan bond0.100 { parent bond1; id 10 }       #! vlan-name-mismatch

vlan eth1.60 { parent eth1; id 60 }          # near miss
vlan eth1.60.7 { parent eth1.60; id 7 }      # near miss: stacked
vlan uplink { parent eth1; id 70 }           # near miss: no suffix
vlan eth1.dmz { parent eth1; id 80 }         # near miss: suffix not a number
vlan 90 on eth1                              # near miss: short form

network a { parent eth1.50; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network b { parent eth1.51; subnet 10.2.0.0/24 gateway 10.2.0.1 }
network c { parent bond0.100; subnet 10.3.0.0/24 gateway 10.3.0.1 }
network d { parent eth1.60.7; subnet 10.4.0.0/24 gateway 10.4.0.1 }
network e { parent uplink; subnet 10.5.0.0/24 gateway 10.5.0.1 }
network f { parent eth1.dmz; subnet 10.6.0.0/24 gateway 10.6.0.1 }
network g { parent eth1.90; subnet 10.7.0.0/24 gateway 10.7.0.1 }

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip 10.2.0.10 }
container cc { image "alpine:3.20"; network c ip 10.3.0.10 }
container cd { image "alpine:3.20"; network d ip 10.4.0.10 }
container ce { image "alpine:3.20"; network e ip 10.5.0.10 }
container cf { image "alpine:3.20"; network f ip 10.6.0.10 }
container cg { image "alpine:3.20"; network g ip 10.7.0.10 }
