# duplicate-gateway: two gateways fall in one subnet: in its block, inline,
# or a network-level gateway joining a subnet that has one. The same
# address twice counts too. One gateway per subnet (IPv4 and IPv6, or two
# IPv4 subnets) is a near miss.

network a {
  parent eth1
  subnet 10.1.0.0/24 {
    gateway 10.1.0.1
    gateway 10.1.0.254                       #! duplicate-gateway
  }
}
network b {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1 gateway 10.2.0.2   #! duplicate-gateway
}
network c {
  parent eth3
  subnet 10.3.0.0/24 gateway 10.3.0.1
  gateway 10.3.0.254                         #! duplicate-gateway
}
network d {
  parent eth4
  subnet 10.4.0.0/24
  gateway 10.4.0.1
  gateway 10.4.0.1                           #! duplicate-gateway
}

network e {                                  # near miss: one per subnet
  parent eth5
  subnet 10.5.0.0/24 gateway 10.5.0.1
  subnet 10.6.0.0/24 gateway 10.6.0.1
  subnet fd00:5::/64 gateway fd00:5::1
}

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip 10.2.0.10 }
container cc { image "alpine:3.20"; network c ip 10.3.0.10 }
container cd { image "alpine:3.20"; network d ip 10.4.0.10 }
container ce { image "alpine:3.20"; network e ip 10.5.0.10 }
