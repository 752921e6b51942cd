# subnet-overlap: two subnets overlap, in one network or across networks:
# identical, nested (reported on the inner one, wherever it is written),
# IPv6. Adjacent subnets, and an IPv4 and an IPv6 subnet, are near misses.

network a {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
  subnet 10.1.0.128/25                       #! subnet-overlap
}
network b {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
}
network c {
  parent eth3
  subnet 10.2.0.0/24 gateway 10.2.0.254      #! subnet-overlap
}
network d {
  parent eth4
  subnet 10.3.5.0/24 gateway 10.3.5.1        #! subnet-overlap
}
network e {
  parent eth5
  subnet 10.3.0.0/16 gateway 10.3.0.1
}
network f {
  parent eth6
  subnet fd00:6::/64 gateway fd00:6::1       #! subnet-overlap
  subnet fd00:6::/56
}

network g {                                  # near misses
  parent eth7
  subnet 10.4.0.0/24 gateway 10.4.0.1
  subnet 10.4.1.0/24 gateway 10.4.1.1
  subnet fd00:7::/64 gateway fd00:7::1
}
network h {
  parent eth8
  subnet 10.4.2.0/23 gateway 10.4.2.1
}

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip 10.2.0.10 }
container cc { image "alpine:3.20"; network c ip 10.2.0.11 }
container cd { image "alpine:3.20"; network d ip 10.3.5.10 }
container ce { image "alpine:3.20"; network e ip 10.3.0.10 }
container cf { image "alpine:3.20"; network f ip6 fd00:6::10 }
container cg { image "alpine:3.20"; network g ip 10.4.0.10 }
container ch { image "alpine:3.20"; network h ip 10.4.2.10 }
