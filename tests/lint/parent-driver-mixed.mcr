# parent-driver-mixed: ipvlan and macvlan on one parent, and a macvlan
# shim on an ipvlan parent. Near misses: two ipvlan networks on one vlan
# each, an ipvlan shim.

network mac { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network ip { driver ipvlan; parent eth1; subnet 10.2.0.0/24 gateway 10.2.0.1 }   #! parent-driver-mixed
network ipl3 { driver ipvlan; mode l3; parent eth2; subnet 10.3.0.0/24 }
network mac2 { parent eth2; subnet 10.4.0.0/24 gateway 10.4.0.1 }   #! parent-driver-mixed
shim mv-host { network mac2; address 10.4.0.250/32 }   #! parent-driver-mixed
network wifi { driver ipvlan; parent wlan0; subnet 10.5.0.0/24 gateway 10.5.0.1 }
shim ipv-host { network wifi; address 10.5.0.250/32 }
container a { image "alpine:3.20"; network mac; network ip; network ipl3; network mac2; network wifi; gateway mac }
