# no-parent: a network that is not internal has no parent (with or
# without subnets and a block). An internal network without a parent is a
# near miss.

network a {                                  #! no-parent
  subnet 10.1.0.0/24 gateway 10.1.0.1
}
network b {}                                 #! no-parent
network c                                    #! no-parent
network d { mode vepa; subnet fd00:4::/64 gateway fd00:4::1 }   #! no-parent

network i { internal; subnet 172.30.0.0/24 }          # near miss
network j { internal }                                # near miss
network k { parent eth1; subnet 10.2.0.0/24 gateway 10.2.0.1 }

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b }
container cc { image "alpine:3.20"; network c }
container cd { image "alpine:3.20"; network d ip6 fd00:4::10 }
container ci { image "alpine:3.20"; network i ip 172.30.0.10 }
container cj { image "alpine:3.20"; network j }
container ck { image "alpine:3.20"; network k ip 10.2.0.10 }
