# gateway-not-host: a gateway that is its subnet's network address or
# (IPv4) broadcast address. The last host address, both addresses of a
# /31, and IPv6's all-ones address (no broadcast in IPv6) are near misses.

network a {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.0        #! gateway-not-host
}
network b {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.255      #! gateway-not-host
}
network c {
  parent eth3
  subnet 10.3.0.0/30
  gateway 10.3.0.3                           #! gateway-not-host
}
network d {
  parent eth4
  subnet fd00:4::/64 gateway fd00:4::        #! gateway-not-host
}

network e { parent eth5; subnet 10.5.0.0/24 gateway 10.5.0.254 }
network f { parent eth6; subnet 10.6.0.0/31 gateway 10.6.0.0 }
network g { parent eth7; subnet 10.7.0.0/31 gateway 10.7.0.1 }
network h { parent eth8; subnet fd00:8::/64 gateway fd00:8::ffff:ffff:ffff:ffff }
network i { parent eth9; subnet 10.9.0.0/30 gateway 10.9.0.2 }

container ca { image "alpine:3.20"; network a ip 10.1.0.10 }
container cb { image "alpine:3.20"; network b ip 10.2.0.10 }
container cc { image "alpine:3.20"; network c ip 10.3.0.1 }
container cd { image "alpine:3.20"; network d ip6 fd00:4::10 }
container ce { image "alpine:3.20"; network e ip 10.5.0.10 }
container cf { image "alpine:3.20"; network f ip 10.6.0.1 }
container cg { image "alpine:3.20"; network g ip 10.7.0.0 }
container ch { image "alpine:3.20"; network h ip6 fd00:8::10 }
container ci { image "alpine:3.20"; network i ip 10.9.0.1 }
