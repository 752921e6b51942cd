# invalid-address: an address, prefix or MAC that does not parse, or is of
# the wrong family for its setting (`ip` takes IPv4, `ip6` IPv6; a subnet,
# range and route need a prefix length; a gateway or reserve takes none).

network lan {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
  subnet 10.1.1.0 gateway 10.1.1.1           #! invalid-address
  subnet 10.1.2.0/33                         #! invalid-address
  subnet 10.1.3.0/24 gateway 10.1.3.1/24     #! invalid-address
  subnet 10.1.4.0/24 {
    gateway 10.1.4.1
    range 10.1.4.128                         #! invalid-address
    reserve printer = 10.1.4.300             #! invalid-address
    reserve 10.1.4.2                         # near miss: the name may be left out
  }
  subnet fd00:1::/64 gateway fd00:1::1
  subnet fd00:2::/129                        #! invalid-address
  subnet fd00:3::/64 gateway fd00:3::g       #! invalid-address
}

shim mv0 {
  network lan
  address 10.1.0.250/24                      # near miss: an interface address with its prefix
  route 10.1.0.128/25
  route 10.1.0                               #! invalid-address
}
shim mv1 {
  network lan
  address 10.1.0.251                         # near miss: a bare address means /32
}
shim mv2 {
  network lan
  address 10.1.0.252/40                      #! invalid-address
}

container web {
  image "nginx:1.27-alpine"
  network lan {
    ip 10.1.0.10
    ip6 fd00:1::10
    mac 02:42:0a:01:00:0a
  }
}
container v6in4 {
  image "alpine:3.20"
  network lan ip fd00:1::11                  #! invalid-address
}
container v4in6 {
  image "alpine:3.20"
  network lan ip6 10.1.0.12                  #! invalid-address
}
container badip {
  image "alpine:3.20"
  network lan ip 10.1.0.256                  #! invalid-address
}
container badmac {
  image "alpine:3.20"
  network lan {
    ip 10.1.0.13
    mac 02:42:0a:01:00                       #! invalid-address
  }
}
container badmac2 {
  image "alpine:3.20"
  network lan ip 10.1.0.14 mac 2:42:a:1:0:f  #! invalid-address
}
container dashmac {                          # near miss: a MAC written with dashes
  image "alpine:3.20"
  network lan ip 10.1.0.15 mac 02-42-0a-01-00-0f
}
