# duplicate-setting: a single-valued setting given twice in one block
# (project, vlan, network, subnet, shim, container, attachment), and a
# container attached twice to one network. Repeatable settings (label, env,
# alias, route, reserve, subnet, depends-on) are near misses.

project lab
project lab2                                 #! duplicate-setting

vlan eth1.20 {
  parent eth1
  parent eth1                                #! duplicate-setting
  id 20
  id 20                                      #! duplicate-setting
  mtu 1500
  mtu 9000                                   #! duplicate-setting
}

network lan {
  mode bridge
  mode vepa                                  #! duplicate-setting
  parent eth1.20
  parent eth1.20                             #! duplicate-setting
  name "lab-lan"
  name "lab-lan2"                            #! duplicate-setting
  label owner = "netops"
  label owner = "again"
  subnet 10.1.0.0/24 {
    gateway 10.1.0.1
    range 10.1.0.128/26
    range 10.1.0.192/26                      #! duplicate-setting
    reserve a = 10.1.0.2
    reserve b = 10.1.0.3
  }
  subnet 10.2.0.0/24 gateway 10.2.0.1 range 10.2.0.128/25
  range 10.2.0.0/25                          #! duplicate-setting
}

network back {
  internal
  internal                                   #! duplicate-setting
  subnet 172.30.0.0/24
  subnet fd00:30::/64
}

shim mv0 {
  network lan
  network lan                                #! duplicate-setting
  address 10.1.0.250/32
  address 10.1.0.251/32                      #! duplicate-setting
  route 10.1.0.128/26
  route 10.1.0.192/26
}

container web {
  image "nginx:1.27-alpine"
  image "nginx:1.27"                         #! duplicate-setting
  command "nginx"
  command "httpd"                            #! duplicate-setting
  hostname web
  hostname www                               #! duplicate-setting
  env A = "1"
  env A = "2"
  restart always
  restart no                                 #! duplicate-setting
  network lan {
    ip 10.1.0.10
    ip 10.1.0.11                             #! duplicate-setting
    mac 02:42:0a:01:00:0a
    mac 02:42:0a:01:00:0b                    #! duplicate-setting
    alias www
    alias web
  }
  network back ip6 fd00:30::10 ip6 fd00:30::11   #! duplicate-setting
  gateway lan
  gateway lan                                #! duplicate-setting
  depends-on db
  depends-on db
}

container db {
  image "postgres:16"
  network lan ip 10.1.0.20
  network lan ip 10.1.0.21                   #! duplicate-setting
}
