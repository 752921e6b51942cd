# syntax: each shape of parse error, none of which may hide the ones after
# it. The items in between must still be read: `lan` and `web` are used,
# so no unused-network or unknown-network shows up.
# Note: the marker on the unterminated string's line is itself inside the
# string (an unterminated string runs to the end of its line); the marker
# is read from the raw text, so it still counts. The unclosed block at the
# end is reported after the block's last statement, on the last line.

network lan {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
  imgae "alpine"                           #! syntax
  image "alpine"                           #! syntax
  subnet 10.9.0.0/24 gatway 10.9.0.1       #! syntax
  mode                                     #! syntax
  shim mv0 { network lan }                 #! syntax
  label owner "netops"                     #! syntax
}

contianer typo {                           #! syntax
  image "alpine:3.20"
}

image "alpine:3.20"                        #! syntax

container web {
  image "nginx:1.27-alpine    #! syntax
  command "sh" "-c" "echo \q"              #! syntax
  hostnmae web                             #! syntax
  restart                                  #! syntax
  network lan ip 10.1.0.10 mac             #! syntax
  network lan { ip 10.1.0.10; ipv6 fd00::1 }   #! syntax
}

network {                                  #! syntax
  parent eth9
}

}                                          #! syntax

container db {
  image "postgres:16"
  network lan ip 10.1.0.11
  env TZ = "UTC"                           #! syntax
