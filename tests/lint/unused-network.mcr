# unused-network: a network no container or shim uses (with subnets or
# without, internal or not). A network used only by a shim, or by a
# container without an address, is a near miss.

network a {                                  #! unused-network
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}
network i { internal; subnet 172.30.0.0/24 }     #! unused-network
network bare { parent eth4 }                      #! unused-network

network s { parent eth2; subnet 10.2.0.0/24 gateway 10.2.0.1 }   # near miss: shim only
network d { parent eth3; subnet 10.3.0.0/24 gateway 10.3.0.1 }   # near miss

shim mv0 { network s; address 10.2.0.250/32 }
container web { image "nginx:1.27-alpine"; network d }
