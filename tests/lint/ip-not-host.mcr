# ip-not-host: a static address that is its subnet's network address or
# (IPv4) broadcast address. The last host address, both addresses of a
# /31, and IPv6's all-ones address are near misses.

network a {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
  subnet 10.2.0.0/30 gateway 10.2.0.1
  subnet fd00:1::/64 gateway fd00:1::1
}
network b {
  parent eth2
  subnet 10.3.0.0/24 gateway 10.3.0.1
  subnet 10.4.0.0/31
  subnet fd00:2::/64 gateway fd00:2::1
}

container c1 { image "alpine:3.20"; network a ip 10.1.0.0 }       #! ip-not-host
container c2 { image "alpine:3.20"; network a ip 10.1.0.255 }     #! ip-not-host
container c3 { image "alpine:3.20"; network a ip 10.2.0.3 }       #! ip-not-host
container c4 { image "alpine:3.20"; network a ip6 fd00:1:: }      #! ip-not-host

container ok1 { image "alpine:3.20"; network b ip 10.3.0.254 }
container ok2 { image "alpine:3.20"; network b ip 10.4.0.0 }
container ok3 { image "alpine:3.20"; network b ip 10.4.0.1 }
container ok4 { image "alpine:3.20"; network b ip6 fd00:2::ffff:ffff:ffff:ffff }

# A shim on the network or broadcast address.
network shimnet { parent ethz1; subnet 10.250.2.0/24 gateway 10.250.2.1 }
shim zshim1 { network shimnet; address 10.250.2.0/32 }        #! ip-not-host
shim zshim2 { network shimnet; address 10.250.2.255/32 }      #! ip-not-host
shim zshim3 { network shimnet; address 10.250.2.254/32 }      # near miss
