# reserve-outside-subnet: a reserved address in none of the network's
# subnets: in its subnet block, inline, or at network level, named or not.
# Reserves inside (the last host, IPv6, network level) are near misses.

network a {
  parent eth1
  subnet 10.1.0.0/24 {
    gateway 10.1.0.1
    reserve router = 10.1.1.2                #! reserve-outside-subnet
  }
}
network b {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1 reserve 10.2.1.2      #! reserve-outside-subnet
}
network c {
  parent eth3
  subnet 10.3.0.0/24 gateway 10.3.0.1
  reserve printer = 10.30.0.5                #! reserve-outside-subnet
  reserve fd00:3::5                          #! reserve-outside-subnet
}

network e {                                  # near misses
  parent eth5
  subnet 10.5.0.0/24 gateway 10.5.0.1 reserve top = 10.5.0.254
  subnet fd00:5::/64 {
    gateway fd00:5::1
    reserve fd00:5::2
  }
  reserve printer = 10.5.0.5
}

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip 10.2.0.10 }
container cc { image "alpine:3.20"; network c ip 10.3.0.10 }
container ce { image "alpine:3.20"; network e ip 10.5.0.10 }
