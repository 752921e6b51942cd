# gateway-needs-subnet: a network gives a gateway but declares no subnet.
# A network with neither, or whose subnet comes after the gateway, is a
# near miss.

network a {
  parent eth1
  gateway 10.1.0.1                           #! gateway-needs-subnet
}
network b { parent eth2; gateway fd00:2::1 }  #! gateway-needs-subnet
network c {
  internal
  gateway 10.3.0.1                           #! gateway-needs-subnet
}

network d { parent eth4 }                    # near miss: no gateway, no subnet
network e {                                  # near miss: the subnet may come after
  parent eth5
  gateway 10.5.0.1
  subnet 10.5.0.0/24
}

container ca { image "alpine:3.20"; network a }
container cb { image "alpine:3.20"; network b }
container cc { image "alpine:3.20"; network c }
container cd { image "alpine:3.20"; network d }
container ce { image "alpine:3.20"; network e ip 10.5.0.10 }
