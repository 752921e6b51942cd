# default-gateway-ambiguous: a container on two or more non-internal
# networks with gateways and no `gateway` line. Near misses: a `gateway`
# line; a second network that is internal or has no gateway.

network a { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network b { parent eth2; subnet 10.2.0.0/24 gateway 10.2.0.1 }
network c { parent eth3; subnet fd00:3::/64 gateway fd00:3::1 }
network i { internal; parent eth4; subnet 10.4.0.0/24 }
network n { parent eth5 }

container two {                              #! default-gateway-ambiguous
  image "alpine:3.20"
  network a ip 10.1.0.10
  network b ip 10.2.0.10
}
container three { image "alpine:3.20"; network c; network b; network a }   #! default-gateway-ambiguous
container dyn {                              #! default-gateway-ambiguous
  image "alpine:3.20"
  network a
  network c
  network i
}

container ok1 {                              # near miss: gateway line
  image "alpine:3.20"
  network a ip 10.1.0.11
  network b ip 10.2.0.11
  gateway b
}
container ok2 { image "alpine:3.20"; network a; network i }      # near miss: internal
container ok3 { image "alpine:3.20"; network b; network n }      # near miss: no gateway
