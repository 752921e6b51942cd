# ip-conflict: an address used twice: container and container, container
# and gateway, container and reserved address, container and shim, shim
# and gateway, reserved address and gateway, IPv6 too. The diagnostic is on
# the one to move: never the gateway; reserved addresses, then shims, then
# containers. The same host part in another subnet is a near miss, and so
# is a shim whose address the file reserves itself (the classic recipe).

network a {
  parent eth1
  subnet 10.1.0.0/24 {
    gateway 10.1.0.1
    reserve router = 10.1.0.2
    reserve 10.1.0.1                         #! ip-conflict
    reserve host = 10.1.0.251
  }
  subnet fd00:1::/64 gateway fd00:1::1
}
network b {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
}

shim mv0 { network a; address 10.1.0.250/32 }
shim mv1 { network b; address 10.2.0.1/32 }  #! ip-conflict
shim mv2 { network a; address 10.1.0.251/32 } # near miss: the file reserves the shim's address itself

container c1 { image "alpine:3.20"; network a ip 10.1.0.10 }
container c2 { image "alpine:3.20"; network a ip 10.1.0.10 }      #! ip-conflict
container c3 { image "alpine:3.20"; network a ip 10.1.0.1 }       #! ip-conflict
container c4 { image "alpine:3.20"; network a ip 10.1.0.2 }       #! ip-conflict
container c5 { image "alpine:3.20"; network a ip 10.1.0.250 }     #! ip-conflict
container c6 { image "alpine:3.20"; network a ip6 fd00:1::10 }
container c7 { image "alpine:3.20"; network a ip6 fd00:1::10 }    #! ip-conflict
container c8 { image "alpine:3.20"; network a ip 10.1.0.251 }     #! ip-conflict

container ok { image "alpine:3.20"; network b ip 10.2.0.10 }      # near miss: .10 of another subnet
