using System.Security.Cryptography;

namespace LambdaSec.Emulator.State;

/// <summary>Generated identifiers in the formats AWS uses.</summary>
public static class Ids
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string Hex = "0123456789abcdef";

    public static string Random(string alphabet, int length)
    {
        Span<char> c = stackalloc char[length];
        for (var i = 0; i < length; i++) c[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return new string(c);
    }

    public static string IamId(string prefix) => prefix + Random(Upper, 17);
    public static string AccessKey() => "ASIA" + Random(Upper, 16);
    public static string Secret() => Random(LowerAlnum + "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 40);
    public static string Alnum(int n = 10) => Random(LowerAlnum, n);
    public static string HexId(int n = 16) => Random(Hex, n);
    public static string Uuid() => Guid.NewGuid().ToString();
    public static string CodeSha() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
