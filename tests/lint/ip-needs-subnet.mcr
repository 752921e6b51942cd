# ip-needs-subnet: a static address on a network that declares no subnet
# of that address's family (none at all, or only the other family).
# Attaching without an address is a near miss.

network a { parent eth1 }
network b { parent eth2; subnet 10.2.0.0/24 gateway 10.2.0.1 }
network c { parent eth3; subnet fd00:3::/64 gateway fd00:3::1 }
network d { internal }

container ca {
  image "alpine:3.20"
  network a ip 10.1.0.10                     #! ip-needs-subnet
}
container cb {
  image "alpine:3.20"
  network b {
    ip 10.2.0.10
    ip6 fd00:2::10                           #! ip-needs-subnet
  }
}
container cc {
  image "alpine:3.20"
  network c ip 10.3.0.10 ip6 fd00:3::10      #! ip-needs-subnet
}
container cd {
  image "alpine:3.20"
  network d ip 172.30.0.10                   #! ip-needs-subnet
}

container ok {                               # near miss: no static address
  image "alpine:3.20"
  network a
}

# Near miss: an external network that declares no subnet has the engine's
# own, which the file does not know; plan checks it exists.
network made-elsewhere { external; name "homelan" }
container outside {
  image "alpine:3.20"
  network made-elsewhere ip 192.168.1.53
}
