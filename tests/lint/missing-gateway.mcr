# missing-gateway: a network that is not internal declares subnets but no
# gateway (IPv4, IPv6, several subnets: one warning, on the network's
# name). An internal network, a network where one subnet has a gateway,
# a network without subnets, and one whose gateway is written but invalid
# (that is `invalid-address` alone) are near misses.

network a {                                  #! missing-gateway
  parent eth1
  subnet 10.1.0.0/24
}
network b { parent eth2; subnet fd00:2::/64 }          #! missing-gateway
network c {                                  #! missing-gateway
  parent eth3
  subnet 10.3.0.0/24 range 10.3.0.128/25
  subnet 10.33.0.0/24
  subnet fd00:3::/64
}

network i { internal; parent eth4; subnet 10.4.0.0/24 }           # near miss
network j { parent eth5; subnet 10.5.0.0/24; subnet fd00:5::/64 gateway fd00:5::1 }
network k { parent eth6 }                                         # near miss
network g { parent eth7; subnet 10.7.0.0/24 gateway 10.7.0.999 } #! invalid-address

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip6 fd00:2::10 }
container cc { image "alpine:3.20"; network c ip 10.3.0.10 }
container ci { image "alpine:3.20"; network i ip 10.4.0.10 }
container cj { image "alpine:3.20"; network j ip 10.5.0.10 }
container ck { image "alpine:3.20"; network k }
container cg { image "alpine:3.20"; network g ip 10.7.0.10 }
