# missing-image: a container with no `image`, with or without a block.
# An image written as a bare word is fine.

network lan {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}

container bare                               #! missing-image
container empty {}                           #! missing-image
container noimage {                          #! missing-image
  command "sleep" "infinity"
  hostname noimage
  network lan ip 10.1.0.10
}
container oneline { network lan ip 10.1.0.11; restart always }   #! missing-image

container ok { image alpine; network lan ip 10.1.0.12 }          # near miss: bare-word image
container blank { image ""; network lan ip 10.1.0.13 }           #! missing-image
container spaces { image "  "; network lan ip 10.1.0.14 }        #! missing-image
