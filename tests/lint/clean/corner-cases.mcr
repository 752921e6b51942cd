# Unusual but valid: point-to-point subnets (/31, /32, /127), gateways and
# addresses at the edges of their subnets, references before declarations,
# names at the limits of their rules, odd but legal layout. Lints clean.
project 0lab
container early { image "alpine:3.20"; network p2p ip 10.0.0.1; depends-on late }
network p2p {
  parent eth1
  subnet 10.0.0.0/31 gateway 10.0.0.0        # a /31 has two hosts, no broadcast
}
network host32 {
  parent eth2
  subnet 10.0.1.7/32 gateway 10.0.1.7        # a /32: the one address is a host
}
network v6p2p {
  parent eth3
  subnet fd00:127::/127 gateway fd00:127::
}
network edges {
  parent eth4
  subnet 10.0.2.0/24 gateway 10.0.2.254 range 10.0.2.0/24   # range = whole subnet
  subnet fd00:e::/64 gateway fd00:e::ffff:ffff:ffff:ffff    # IPv6 has no broadcast
}
network 9_net.v-2 {                          # a name starting with a digit
  parent abcdefghijklmno                     # 15 bytes: the kernel's limit
  subnet 10.0.3.0/30 gateway 10.0.3.1
  name "9_docker.name-x"
}
vlan 4094 on eth5
vlan 1 on eth6
network hi { parent eth5.4094; subnet 10.0.4.0/24 gateway 10.0.4.1 }
network lo { parent eth6.1; subnet 10.0.5.0/24 gateway 10.0.5.1 }
network lan { parent eth7; subnet 10.0.6.0/24 gateway 10.0.6.1 }
network lan-2 { parent eth8; subnet 10.0.7.0/24 gateway 10.0.7.1 }

	container	late	{	image "alpine:3.20" ;	network p2p ip 10.0.0.1x	}
