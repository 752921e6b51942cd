# unknown-mode: a mode other than bridge, vepa, private, passthru. Modes
# are lower-case. Each valid mode is a near miss.

network a { mode veth; parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }      #! unknown-mode
network b { mode macvlan; parent eth2; subnet 10.2.0.0/24 gateway 10.2.0.1 }   #! unknown-mode
network c {
  mode Bridge                                #! unknown-mode
  parent eth3
  subnet 10.3.0.0/24 gateway 10.3.0.1
}
network d {
  mode passthrough                           #! unknown-mode
  parent eth4
  subnet 10.4.0.0/24 gateway 10.4.0.1
}

network ok1 { mode bridge; parent eth11; subnet 10.11.0.0/24 gateway 10.11.0.1 }
network ok2 { mode vepa; parent eth12; subnet 10.12.0.0/24 gateway 10.12.0.1 }
network ok3 { mode private; parent eth13; subnet 10.13.0.0/24 gateway 10.13.0.1 }
network ok4 { mode passthru; parent eth14; subnet 10.14.0.0/24 gateway 10.14.0.1 }

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip 10.2.0.10 }
container cc { image "alpine:3.20"; network c ip 10.3.0.10 }
container cd { image "alpine:3.20"; network d ip 10.4.0.10 }
container c1 { image "alpine:3.20"; network ok1 ip 10.11.0.10 }
container c2 { image "alpine:3.20"; network ok2 ip 10.12.0.10 }
container c3 { image "alpine:3.20"; network ok3 ip 10.13.0.10 }
container c4 { image "alpine:3.20"; network ok4 ip 10.14.0.10 }
