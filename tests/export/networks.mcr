# Networks the export must say in Compose's terms or record for import.
project networks

network l3 { driver ipvlan; mode l3; parent eth1; subnet 10.9.0.0/24 }
network six { parent eth2; subnet fd00:1::/64 gateway fd00:1::1 }
network quiet { parent eth3; subnet 10.3.0.0/24 gateway 10.3.0.1 }
network alone { parent eth4; mode private; subnet 10.4.0.0/24 gateway 10.4.0.1 }
network inside { internal; subnet 172.30.9.0/24 }
network homelan {
  external
  name "homelan"
  driver macvlan
  parent eth0
  subnet 10.44.0.0/24 gateway 10.44.0.1
  label owner = "netops"
}
shim host-l3 { network quiet; address 10.3.0.250/32; route 10.3.0.0/25 }
container web {
  image "alpine:3.20"
  network l3 ip 10.9.0.10
  network six ip6 fd00:1::10
  network quiet ip 10.3.0.10 mac 02:42:0a:03:00:0a
  network inside ip 172.30.9.10 mac 02:42:ac:1e:09:0a
  network homelan ip 10.44.0.10
  network alone ip 10.4.0.10
  gateway quiet
}
