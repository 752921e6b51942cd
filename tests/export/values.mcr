# Values YAML 1.1 would read as numbers, dates or booleans, and characters
# PyYAML refuses raw: the export must quote them, the import read them back.
project Values.One

network lan { parent eth1.7; subnet 10.0.0.0/24 gateway 10.0.0.1 }

container a {
  image "alpine:3.20"
  command "2024-01-01" "1_000" ".inf" "0b101" "0x1F" "1:30" "Y" "n" "~" "-" "a b" "#x" "*x" "é" "x\ty" "ok"
  env D = "2024-01-01"
  env HEX = "0x10"
  env NO = "no"
  env DOLLAR = "cost $$5"
  env QUOTE = "say \"hi\""
  env NEL = "a…b"
  label h = "0x10"
  label io.macrame.note = "the user's, not macrame's"
  network lan ip 10.0.0.5
  gateway lan
}
container b {
  image "alpine:3.20"
  env NEL = "ab"
  env DEL = "ab"
  network lan
}
