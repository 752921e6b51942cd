# ip-outside-subnet: a static address in none of its network's subnets of
# its family, also one in another network's subnet. An address in the
# network's second subnet is a near miss.

network a {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
  subnet 10.11.0.0/24 gateway 10.11.0.1
  subnet fd00:1::/64 gateway fd00:1::1
}
network b {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
}

container c1 { image "alpine:3.20"; network a ip 10.1.1.10 }      #! ip-outside-subnet
container c2 {
  image "alpine:3.20"
  network a {
    ip 10.1.0.12
    ip6 fd00:2::12                           #! ip-outside-subnet
  }
}
container c3 {
  image "alpine:3.20"
  network a ip 10.2.0.13                     #! ip-outside-subnet
}
container c4 {
  image "alpine:3.20"
  network b ip 10.1.0.14                     #! ip-outside-subnet
}

container ok {                               # near miss: the second subnet
  image "alpine:3.20"
  network a ip 10.11.0.10
  network b ip 10.2.0.10
  gateway a
}

# A shim's address is a static address too.
network shimnet { parent ethz1; subnet 10.250.1.0/24 gateway 10.250.1.1 }
shim zshim1 { network shimnet; address 10.250.9.9/32 }        #! ip-outside-subnet
shim zshim2 { network shimnet; address 10.250.1.250/32 }      # near miss
