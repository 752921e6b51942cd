# mac-invalid: a MAC that is multicast (low bit of the first octet set,
# broadcast included) or all zeros. Unicast MACs, locally administered or
# not, in either case, are near misses.

network lan {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}

container c1 { image "alpine:3.20"; network lan ip 10.1.0.11 mac 01:00:5e:00:00:01 }   #! mac-invalid
container c2 { image "alpine:3.20"; network lan ip 10.1.0.12 mac ff:ff:ff:ff:ff:ff }   #! mac-invalid
container c3 { image "alpine:3.20"; network lan ip 10.1.0.13 mac 00:00:00:00:00:00 }   #! mac-invalid
container c4 {
  image "alpine:3.20"
  network lan {
    ip 10.1.0.14
    mac 03:42:0a:01:00:0e                    #! mac-invalid
  }
}

container ok1 { image "alpine:3.20"; network lan ip 10.1.0.21 mac 02:42:0a:01:00:15 }
container ok2 { image "alpine:3.20"; network lan ip 10.1.0.22 mac 00:11:22:33:44:55 }
container ok3 { image "alpine:3.20"; network lan ip 10.1.0.23 mac FE:DC:BA:98:76:54 }
