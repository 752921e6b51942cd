# SYNTAX TEST "source.macrame" "top-level items, their names, and the settings in their blocks"

project lab
# <------- keyword.other.item.macrame
#       ^^^ entity.name.type.project.macrame

parent eth0
# <------ keyword.other.item.macrame
#      ^^^^ entity.name.type.parent.macrame

vlan eth0.50 {
# <---- keyword.other.item.macrame
#    ^^^^^^^ entity.name.type.vlan.macrame
#            ^ punctuation.section.block.begin.macrame
  parent eth0
# ^^^^^^ meta.block.macrame keyword.other.setting.macrame - keyword.other.item.macrame
#        ^^^^ variable.other.interface.macrame
  id 50
# ^^ keyword.other.setting.macrame
#    ^^ constant.numeric.integer.macrame
  mtu 1500
# ^^^ keyword.other.setting.macrame
#     ^^^^ constant.numeric.integer.macrame
}

vlan 60 on eth0
# <---- keyword.other.item.macrame
#    ^^ constant.numeric.integer.macrame
#       ^^ keyword.other.on.macrame
#          ^^^^ variable.other.interface.macrame
vlan 8 on eth0 { mtu 9000 }
#    ^ constant.numeric.integer.macrame
#      ^^ keyword.other.on.macrame
#              ^ punctuation.section.block.begin.macrame
#                ^^^ keyword.other.setting.macrame
#                    ^^^^ constant.numeric.integer.macrame
#                         ^ punctuation.section.block.end.macrame

network lan {
# <------- keyword.other.item.macrame
#       ^^^ entity.name.type.network.macrame
  mode bridge
# ^^^^ keyword.other.setting.macrame
#      ^^^^^^ constant.language.macrame
  parent eth0.50
# ^^^^^^ keyword.other.setting.macrame
#        ^^^^^^^ variable.other.interface.macrame
  subnet 192.168.1.0/24 {
# ^^^^^^ keyword.other.setting.macrame
    gateway 192.168.1.1
#   ^^^^^^^ meta.block.macrame meta.block.macrame keyword.other.setting.macrame
    range 192.168.1.128/25
#   ^^^^^ keyword.other.setting.macrame
    reserve router = 192.168.1.2
#   ^^^^^^^ keyword.other.setting.macrame
#           ^^^^^^ entity.other.attribute-name.macrame
#                  ^ keyword.operator.assignment.macrame
    reserve 192.168.1.3
#           ^^^^^^^^^^^ constant.numeric.address.macrame - entity.other.attribute-name.macrame
  }
  label owner = "netops"
# ^^^^^ keyword.other.setting.macrame
#       ^^^^^ entity.other.attribute-name.macrame
  name "corp-lan"
# ^^^^ keyword.other.setting.macrame
  internal
# ^^^^^^^^ keyword.other.setting.macrame
}
network vepa-net { mode vepa }
#       ^^^^^^^^ entity.name.type.network.macrame
#                       ^^^^ constant.language.macrame
network p1 { mode private }
#                 ^^^^^^^ constant.language.macrame
network p2 { mode passthru }
#                 ^^^^^^^^ constant.language.macrame
network empty {}
#             ^ punctuation.section.block.begin.macrame
#              ^ punctuation.section.block.end.macrame
network network { internal }
# <------- keyword.other.item.macrame
#       ^^^^^^^ entity.name.type.network.macrame
networks lan
# <-------- - keyword

shim mv-host {
# <---- keyword.other.item.macrame
#    ^^^^^^^ entity.name.type.shim.macrame
  network lan
# ^^^^^^^ keyword.other.setting.macrame - keyword.other.item.macrame
#         ^^^ variable.other.network.macrame
  address 192.168.1.250/32
# ^^^^^^^ keyword.other.setting.macrame
  route 192.168.1.128/25
# ^^^^^ keyword.other.setting.macrame
}

container web {
# <--------- keyword.other.item.macrame
#         ^^^ entity.name.type.container.macrame
  image nginx:1.27
# ^^^^^ keyword.other.setting.macrame
#       ^^^^^^^^^^ string.unquoted.macrame
  command "nginx" -g "daemon off;"
# ^^^^^^^ keyword.other.setting.macrame
#                 ^^ string.unquoted.macrame
  hostname web
# ^^^^^^^^ keyword.other.setting.macrame
  network lan ip 192.168.1.10 ip6 fd00::10 alias www
# ^^^^^^^ keyword.other.setting.macrame
#         ^^^ variable.other.network.macrame
#             ^^ keyword.other.setting.macrame
#                             ^^^ keyword.other.setting.macrame
#                                          ^^^^^ keyword.other.setting.macrame
#                                                ^^^ variable.other.hostname.macrame
  network vlan50 {
    mac 02:42:c0:a8:32:0a
#   ^^^ keyword.other.setting.macrame
  }
  gateway lan
# ^^^^^^^ keyword.other.setting.macrame
#         ^^^ variable.other.network.macrame
  depends-on db cache
# ^^^^^^^^^^ keyword.other.setting.macrame
#            ^^ variable.other.container.macrame
#               ^^^^^ variable.other.container.macrame
  restart unless-stopped
# ^^^^^^^ keyword.other.setting.macrame
#         ^^^^^^^^^^^^^^ constant.language.macrame
}
container a { restart no }
#                     ^^ constant.language.macrame
container b { restart on-failure }
#                     ^^^^^^^^^^ constant.language.macrame
container c { restart on-failure:5 }
#                     ^^^^^^^^^^ constant.language.macrame
#                                ^ constant.numeric.integer.macrame
container private { network private; restart always }
#         ^^^^^^^ entity.name.type.container.macrame - constant.language
#                           ^^^^^^^ variable.other.network.macrame - constant.language
#                                            ^^^^^^ constant.language.macrame
container d { image alpine; command sh -c "sleep 1"; depends-on a b }
#                   ^^^^^^ string.unquoted.macrame
#                         ^ punctuation.terminator.statement.macrame
#                           ^^^^^^^ keyword.other.setting.macrame
#                                   ^^ string.unquoted.macrame
#                                         ^^^^^^^^^ string.quoted.double.macrame
#                                                  ^ punctuation.terminator.statement.macrame
#                                                                 ^ variable.other.container.macrame
#                                                                   ^ punctuation.section.block.end.macrame
