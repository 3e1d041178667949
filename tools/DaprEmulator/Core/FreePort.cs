using System.Net;
using System.Net.Sockets;

namespace DaprEmulator.Core;

/// <summary>Finds a TCP port that is free on both loopback addresses, so "localhost" works whichever it resolves to.</summary>
public static class FreePort
{
    private static readonly HashSet<int> s_handedOut = [];

    /// <summary>A free port never handed out before by this process (the OS may offer a just-released port again).</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Candidate();
            lock (s_handedOut)
            {
                if (s_handedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("no free loopback TCP port found");
    }

    private static int Candidate()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            v4.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)v4.LocalEndPoint!).Port;
            if (!Socket.OSSupportsIPv6)
            {
                return port;
            }

            try
            {
                using var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                v6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken on ::1 only; try another.
            }
        }

        throw new InvalidOperationException("no free loopback TCP port found");
    }

    public static bool IsInUse(int port)
    {
        try
        {
            using var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            v4.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
