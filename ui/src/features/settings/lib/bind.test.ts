import { describe, expect, it } from "vitest";

import { joinBind, splitBind } from "./bind";

describe("bind addresses", () => {
  it("splits IPv4 and bracketed IPv6 addresses into host and port", () => {
    expect(splitBind("0.0.0.0:6000")).toEqual({ host: "0.0.0.0", port: "6000" });
    expect(splitBind(" 192.168.1.20:7000 ")).toEqual({ host: "192.168.1.20", port: "7000" });
    expect(splitBind("[2001:db8::20]:6000")).toEqual({ host: "2001:db8::20", port: "6000" });
    expect(splitBind("[::]")).toEqual({ host: "::", port: "" });
    expect(splitBind("10.0.0.2")).toEqual({ host: "10.0.0.2", port: "" });
    expect(splitBind("2001:db8::20")).toEqual({ host: "2001:db8::20", port: "" });
    expect(splitBind("")).toEqual({ host: "", port: "" });
  });

  it("joins them back, bracketing IPv6 hosts", () => {
    expect(joinBind("192.168.1.20", "6000")).toBe("192.168.1.20:6000");
    expect(joinBind("2001:db8::20", "6000")).toBe("[2001:db8::20]:6000");
    for (const bind of ["0.0.0.0:6000", "[::1]:6001"]) {
      const { host, port } = splitBind(bind);
      expect(joinBind(host, port)).toBe(bind);
    }
  });
});
