# gateway-outside-subnet: a gateway outside its own subnet block, or a
# network-level gateway in none of the network's subnets (also one in
# another network's subnet). Network-level gateways that pair with a
# later subnet, and the last host address, are near misses.

network a {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.1.1        #! gateway-outside-subnet
}
network b {
  parent eth2
  subnet 10.2.0.0/24 {
    gateway 10.20.0.1                        #! gateway-outside-subnet
  }
}
network c {
  parent eth3
  subnet 10.3.0.0/24
  gateway 10.3.1.1                           #! gateway-outside-subnet
}
network d {
  parent eth4
  subnet 10.4.0.0/24
  subnet fd00:4::/64 gateway fd00:4::1
  gateway 10.5.0.1                           #! gateway-outside-subnet
}
network e {                                  # d's stray gateway lies in e's subnet
  parent eth5
  subnet 10.5.0.0/24 gateway 10.5.0.254      # near miss: the last host address
}
network f {                                  # near miss: flat form, two subnets
  parent eth6
  gateway 10.7.0.1
  gateway 10.6.0.1
  subnet 10.6.0.0/24
  subnet 10.7.0.0/24
}

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip 10.2.0.10 }
container cc { image "alpine:3.20"; network c ip 10.3.0.10 }
container cd { image "alpine:3.20"; network d ip 10.4.0.10 }
container ce { image "alpine:3.20"; network e ip 10.5.0.10 }
container cf { image "alpine:3.20"; network f ip 10.6.0.10 }
