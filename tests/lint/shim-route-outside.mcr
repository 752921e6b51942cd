# shim-route-outside: a shim route outside its network's subnets: wholly
# elsewhere, larger than the subnet, another network's subnet, IPv6. A
# route equal to a subnet, inside a range, or inside the IPv6 subnet, is a
# near miss.

network lan {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1 range 10.1.0.128/25
  subnet fd00:1::/64 gateway fd00:1::1
}
network other {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
}

shim mv0 {
  network lan
  address 10.1.0.250/32
  route 192.168.99.0/24                      #! shim-route-outside
  route 10.1.0.0/16                          #! shim-route-outside
  route 10.2.0.0/24                          #! shim-route-outside
  route fd00:2::/64                          #! shim-route-outside
  route 10.1.0.0/24
  route 10.1.0.128/25
  route 10.1.0.192/26
  route fd00:1::/80
}

container web { image "nginx:1.27-alpine"; network lan ip 10.1.0.10 }
container db { image "postgres:16"; network other ip 10.2.0.10 }
