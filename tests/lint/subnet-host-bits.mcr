# subnet-host-bits: a subnet or range written with host bits set (IPv4 and
# IPv6, block, inline and network-level). Prefixes without host bits,
# including a /32, are near misses.

network a {
  parent eth1
  subnet 10.1.0.1/24 gateway 10.1.0.1        #! subnet-host-bits
}
network b {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1 range 10.2.0.129/25   #! subnet-host-bits
}
network c {
  parent eth3
  subnet fd00:3::1/64 gateway fd00:3::1      #! subnet-host-bits
}
network d {
  parent eth4
  subnet 10.4.0.0/24 gateway 10.4.0.1
  range 10.4.0.200/26                        #! subnet-host-bits
}

network e {                                  # near misses
  parent eth5
  subnet 10.5.0.0/23 gateway 10.5.0.1 range 10.5.1.0/24
  subnet 10.7.0.7/32
  subnet fd00:5::/48 gateway fd00:5::1
}

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip 10.2.0.10 }
container cc { image "alpine:3.20"; network c ip6 fd00:3::10 }
container cd { image "alpine:3.20"; network d ip 10.4.0.10 }
container ce { image "alpine:3.20"; network e ip 10.5.0.10 }
