# Unusual but valid: point-to-point subnets (/31, /127), gateways and
# addresses at the edges of their subnets, references before declarations,
# names at the limits of their rules, odd but legal layout. Lints clean.
project 0lab
container early {                            # uses a network and a container declared later
  image "alpine:3.20"
  network p2p ip 10.0.0.1                    # the /31's other address
  network lan ip 10.0.6.11
  gateway p2p
  depends-on late
}
network p2p {
  parent eth1
  subnet 10.0.0.0/31 gateway 10.0.0.0        # a /31 has two hosts, no broadcast
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

	container	late	{	image "alpine:3.20" ;	network lan ip 10.0.6.10	}   # tabs, space before `;`
container six { image "alpine:3.20"; network v6p2p ip6 fd00:127::1 }
container edge {
  image "alpine:3.20"
  network edges ip6 fd00:e::fffe              # no v4 address: the range is the whole subnet
  network 9_net.v-2 ip 10.0.3.2
  network hi ip 10.0.4.254
  network lo ip 10.0.5.100
  network lan { }                            # an empty attachment block
  network lan-2 { ip 10.0.7.2; }             # `;` before `}`
  gateway 9_net.v-2
}
