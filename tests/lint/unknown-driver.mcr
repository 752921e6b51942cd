# unknown-driver: a network driver macrame does not make. Near misses: the
# three it does.

network a { driver overlay; internal }       #! unknown-driver
network b { driver macvlan; parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network c { driver ipvlan; parent eth2; subnet 10.2.0.0/24 gateway 10.2.0.1 }
network d { driver bridge }
container x { image "alpine:3.20"; network a; network b; network c; network d; gateway b }
