# gateway-not-attached: `gateway X` where the container is not on X, or X
# is internal, or X has no gateway. A `gateway` line naming a network the
# container is on that has a gateway is a near miss.

network a { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network b { parent eth2; subnet 10.2.0.0/24 gateway 10.2.0.1 }
network i { internal; parent eth3; subnet 10.3.0.0/24 }
network n { parent eth4 }

container c1 {
  image "alpine:3.20"
  network a ip 10.1.0.10
  gateway b                                  #! gateway-not-attached
}
container c2 {
  image "alpine:3.20"
  network a ip 10.1.0.11
  network i ip 10.3.0.11
  gateway i                                  #! gateway-not-attached
}
container c3 { image "alpine:3.20"; network n; gateway n }          #! gateway-not-attached
container c4 {
  image "alpine:3.20"
  network a ip 10.1.0.12
  network b ip 10.2.0.12
  gateway i                                  #! gateway-not-attached
}

container ok1 { image "alpine:3.20"; network b ip 10.2.0.13; gateway b }
container ok2 {
  image "alpine:3.20"
  gateway a                                  # near miss: before the attachment
  network a ip 10.1.0.14
  network b ip 10.2.0.14
}
