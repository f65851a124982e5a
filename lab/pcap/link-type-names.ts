// Names of link types, for saying which one a capture has when the decoder cannot read
// it. The names and descriptions are libpcap's, as `tcpdump -r` prints them
// ("link-type IEEE802_11 (802.11)"); only the ones a capture is likely to have.
const NAMES: ReadonlyArray<readonly [number, string, string]> = [
  [0, "NULL", "BSD loopback"],
  [1, "EN10MB", "Ethernet"],
  [6, "IEEE802", "Token ring"],
  [8, "SLIP", "SLIP"],
  [9, "PPP", "PPP"],
  [10, "FDDI", "FDDI"],
  [12, "RAW", "Raw IP"],
  [50, "PPP_SERIAL", "PPP over serial"],
  [51, "PPP_ETHER", "PPPoE"],
  [101, "RAW", "Raw IP"],
  [104, "C_HDLC", "Cisco HDLC"],
  [105, "IEEE802_11", "802.11"],
  [107, "FRELAY", "Frame Relay"],
  [108, "LOOP", "OpenBSD loopback"],
  [109, "ENC", "OpenBSD encapsulated IP"],
  [113, "LINUX_SLL", "Linux cooked v1"],
  [117, "PFLOG", "OpenBSD pflog file"],
  [119, "PRISM_HEADER", "802.11 plus Prism header"],
  [127, "IEEE802_11_RADIO", "802.11 plus radiotap header"],
  [163, "IEEE802_11_RADIO_AVS", "802.11 plus AVS radio information header"],
  [187, "BLUETOOTH_HCI_H4", "Bluetooth HCI UART transport layer"],
  [189, "USB_LINUX", "USB with Linux header"],
  [192, "PPI", "Per-Packet Information"],
  [195, "IEEE802_15_4", "IEEE 802.15.4 with FCS"],
  [197, "ERF", "Endace ERF header"],
  [201, "BLUETOOTH_HCI_H4_WITH_PHDR", "Bluetooth HCI UART transport layer plus pseudo-header"],
  [215, "IEEE802_15_4_NONASK_PHY", "IEEE 802.15.4 with non-ASK PHY data"],
  [220, "USB_LINUX_MMAPPED", "USB with padded Linux header"],
  [227, "CAN_SOCKETCAN", "CAN-bus with SocketCAN headers"],
  [228, "IPV4", "Raw IPv4"],
  [229, "IPV6", "Raw IPv6"],
  [239, "NFLOG", "Linux netfilter log messages"],
  [249, "USBPCAP", "USB with USBPcap header"],
  [253, "NETLINK", "Linux netlink"],
  [276, "LINUX_SLL2", "Linux cooked v2"],
];

const BY_NUMBER = new Map(NAMES.map(([n, name, description]) => [n, { name, description }]));

export interface LinkTypeName {
  name: string;
  description: string;
}

/** libpcap's name for a LINKTYPE_ value, or undefined when it is not in the table. */
export function linkTypeName(linkType: number): LinkTypeName | undefined {
  return BY_NUMBER.get(linkType);
}

/** "105 (IEEE802_11, 802.11)", or "147" for a link type without a known name. */
export function describeLinkType(linkType: number): string {
  const known = BY_NUMBER.get(linkType);
  return known ? `${linkType} (${known.name}, ${known.description})` : String(linkType);
}

