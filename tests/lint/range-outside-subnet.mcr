# range-outside-subnet: a range not inside its subnet (wholly outside, or
# larger than the subnet), or a network-level range in none of the
# network's subnets. A range equal to its subnet, a network-level range
# that pairs with its subnet, and an IPv6 range are near misses.

network a {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1 range 10.1.1.0/25     #! range-outside-subnet
}
network b {
  parent eth2
  subnet 10.2.0.0/25 {
    gateway 10.2.0.1
    range 10.2.0.0/24                        #! range-outside-subnet
  }
}
network c {
  parent eth3
  subnet 10.3.0.0/24 gateway 10.3.0.1
  range 10.30.0.0/25                         #! range-outside-subnet
}
network d {
  parent eth4
  subnet 10.4.0.128/25 gateway 10.4.0.129
  range 10.4.0.0/24                          #! range-outside-subnet
}

network e {                                  # near misses
  parent eth5
  subnet 10.5.0.0/24 gateway 10.5.0.1 range 10.5.0.0/24
  subnet 10.6.0.0/24 gateway 10.6.0.1
  subnet fd00:5::/64 gateway fd00:5::1 range fd00:5::8000/113
  range 10.6.0.128/25
}

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b }
container cc { image "alpine:3.20"; network c ip 10.3.0.10 }
container cd { image "alpine:3.20"; network d ip 10.4.0.130 }
container ce { image "alpine:3.20"; network e ip 10.6.0.10 }
