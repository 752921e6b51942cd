# SYNTAX TEST "source.macrame" "addresses, prefixes, MACs and integers"

network v4 {
  subnet 10.0.0.0/8
#        ^^^^^^^^^^ constant.numeric.prefix.macrame
  gateway 10.0.0.1
#         ^^^^^^^^ constant.numeric.address.macrame
  range 192.168.100.0/25
#       ^^^^^^^^^^^^^^^^ constant.numeric.prefix.macrame
  reserve 255.255.255.254
#         ^^^^^^^^^^^^^^^ constant.numeric.address.macrame
}

network v6 {
  subnet fd00:50::/64
#        ^^^^^^^^^^^^ constant.numeric.prefix.macrame
  subnet 2001:db8:0:0:0:0:0:0/32
#        ^^^^^^^^^^^^^^^^^^^^^^^ constant.numeric.prefix.macrame
  subnet ::/0
#        ^^^^ constant.numeric.prefix.macrame
  gateway fd00:50::1
#         ^^^^^^^^^^ constant.numeric.address.macrame
  reserve lo = ::1
#              ^^^ constant.numeric.address.macrame
  reserve a = fd00::
#             ^^^^^^ constant.numeric.address.macrame
  reserve b = 2001:db8:85a3:0:0:8a2e:370:7334
#             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.numeric.address.macrame
  reserve c = ::ffff:192.168.1.1
#             ^^^^^^^^^^^^^^^^^^ constant.numeric.address.macrame
  reserve d = FD00:AB::C
#             ^^^^^^^^^^ constant.numeric.address.macrame
}

shim s { address fd00::10/128; route fd00:50::/64 }
#                ^^^^^^^^^^^^ constant.numeric.prefix.macrame
#                            ^ punctuation.terminator.statement.macrame
#                                    ^^^^^^^^^^^^ constant.numeric.prefix.macrame

container web {
  network lan ip 192.168.1.10 mac 02:42:c0:a8:01:0a
#                ^^^^^^^^^^^^ constant.numeric.address.macrame
#                                 ^^^^^^^^^^^^^^^^^ constant.numeric.mac.macrame
  network dmz ip6 fd00::10 mac 02-42-C0-A8-01-0B
#                 ^^^^^^^^ constant.numeric.address.macrame - constant.numeric.prefix.macrame
#                              ^^^^^^^^^^^^^^^^^ constant.numeric.mac.macrame
  network bad ip 192.168.1.1.1 mac 02:42:c0:a8:01 ip6 fd00::1::2
#                ^^^^^^^^^^^^^ - constant.numeric
#                                  ^^^^^^^^^^^^^^ - constant.numeric
#                                                     ^^^^^^^^^^ - constant.numeric
  network zoned ip6 fe80::1%eth0
#                   ^^^^^^^^^^^^ - constant.numeric
}

vlan 4094 on eth0.50 { mtu 9000 }
#    ^^^^ constant.numeric.integer.macrame
#            ^^^^^^^ variable.other.interface.macrame - constant.numeric
#                          ^^^^ constant.numeric.integer.macrame
vlan eth0.100 { parent eth0; id 100 }
#    ^^^^^^^ entity.name.type.vlan.macrame - constant.numeric
#                               ^^^ constant.numeric.integer.macrame
