# unknown-network: a container attachment, a shim, or a container's
# `gateway` line names a network that is not declared. Names are
# case-sensitive. A reference before the declaration is fine.

container early {                            # near miss: `late` is declared further down
  image "alpine:3.20"
  network late ip 10.3.0.10
}

network lan {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}

network wan {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
}

shim mv0 {
  network lna                                #! unknown-network
  address 10.1.0.250/32
}

shim mv1 { network lan; address 10.1.0.251/32 }

container web {
  image "nginx:1.27-alpine"
  network lan ip 10.1.0.10
  network dmz ip 10.9.0.10                   #! unknown-network
  gateway dmz                                #! unknown-network
}

container app {
  image "alpine:3.20"
  network wan { ip 10.2.0.10 }
  network LAN                                #! unknown-network
}

network late {
  parent eth3
  subnet 10.3.0.0/24 gateway 10.3.0.1
}
