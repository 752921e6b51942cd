# shim-mode: a shim on a network whose mode is vepa or private. Bridge
# mode, written or by default, is a near miss. (A shim on a passthru
# network is passthru-single-endpoint instead.)

network v { mode vepa; parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network p {
  mode private
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
}
network b { mode bridge; parent eth3; subnet 10.3.0.0/24 gateway 10.3.0.1 }
network d { parent eth4; subnet 10.4.0.0/24 gateway 10.4.0.1 }

shim s1 { network v; address 10.1.0.250/32 }   #! shim-mode
shim s2 {
  network p                                  #! shim-mode
  address 10.2.0.250/32
  route 10.2.0.128/25
}
shim ok1 { network b; address 10.3.0.250/32 }
shim ok2 { network d; address 10.4.0.250/32 }

container cv { image "alpine:3.20"; network v ip 10.1.0.10 }
container cp { image "alpine:3.20"; network p ip 10.2.0.10 }
