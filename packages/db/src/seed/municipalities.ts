export type AssociationKey = 'Fyrbodal' | 'Göteborgsregionen' | 'Sjuhärad' | 'Skaraborg';

export interface Municipality {
  name: string;
  code: string;
  association: AssociationKey;
}

// Codes and associations as in DOMAIN.md ("checked against two independent public code lists");
// SCB's official list is still to be compared before production.
export const MUNICIPALITIES: readonly Municipality[] = [
  { name: 'Bengtsfors', code: '1460', association: 'Fyrbodal' },
  { name: 'Dals-Ed', code: '1438', association: 'Fyrbodal' },
  { name: 'Färgelanda', code: '1439', association: 'Fyrbodal' },
  { name: 'Lysekil', code: '1484', association: 'Fyrbodal' },
  { name: 'Mellerud', code: '1461', association: 'Fyrbodal' },
  { name: 'Munkedal', code: '1430', association: 'Fyrbodal' },
  { name: 'Orust', code: '1421', association: 'Fyrbodal' },
  { name: 'Sotenäs', code: '1427', association: 'Fyrbodal' },
  { name: 'Strömstad', code: '1486', association: 'Fyrbodal' },
  { name: 'Tanum', code: '1435', association: 'Fyrbodal' },
  { name: 'Trollhättan', code: '1488', association: 'Fyrbodal' },
  { name: 'Uddevalla', code: '1485', association: 'Fyrbodal' },
  { name: 'Vänersborg', code: '1487', association: 'Fyrbodal' },
  { name: 'Åmål', code: '1492', association: 'Fyrbodal' },

  // Göteborgsregionen also has Kungsbacka, which lies in Halland and so is outside this registry.
  { name: 'Ale', code: '1440', association: 'Göteborgsregionen' },
  { name: 'Alingsås', code: '1489', association: 'Göteborgsregionen' },
  { name: 'Göteborg', code: '1480', association: 'Göteborgsregionen' },
  { name: 'Härryda', code: '1401', association: 'Göteborgsregionen' },
  { name: 'Kungälv', code: '1482', association: 'Göteborgsregionen' },
  { name: 'Lerum', code: '1441', association: 'Göteborgsregionen' },
  { name: 'Lilla Edet', code: '1462', association: 'Göteborgsregionen' },
  { name: 'Mölndal', code: '1481', association: 'Göteborgsregionen' },
  { name: 'Partille', code: '1402', association: 'Göteborgsregionen' },
  { name: 'Stenungsund', code: '1415', association: 'Göteborgsregionen' },
  { name: 'Tjörn', code: '1419', association: 'Göteborgsregionen' },
  { name: 'Öckerö', code: '1407', association: 'Göteborgsregionen' },

  { name: 'Bollebygd', code: '1443', association: 'Sjuhärad' },
  { name: 'Borås', code: '1490', association: 'Sjuhärad' },
  { name: 'Herrljunga', code: '1466', association: 'Sjuhärad' },
  { name: 'Mark', code: '1463', association: 'Sjuhärad' },
  { name: 'Svenljunga', code: '1465', association: 'Sjuhärad' },
  { name: 'Tranemo', code: '1452', association: 'Sjuhärad' },
  { name: 'Ulricehamn', code: '1491', association: 'Sjuhärad' },
  { name: 'Vårgårda', code: '1442', association: 'Sjuhärad' },

  { name: 'Essunga', code: '1445', association: 'Skaraborg' },
  { name: 'Falköping', code: '1499', association: 'Skaraborg' },
  { name: 'Grästorp', code: '1444', association: 'Skaraborg' },
  { name: 'Gullspång', code: '1447', association: 'Skaraborg' },
  { name: 'Götene', code: '1471', association: 'Skaraborg' },
  { name: 'Hjo', code: '1497', association: 'Skaraborg' },
  { name: 'Karlsborg', code: '1446', association: 'Skaraborg' },
  { name: 'Lidköping', code: '1494', association: 'Skaraborg' },
  { name: 'Mariestad', code: '1493', association: 'Skaraborg' },
  { name: 'Skara', code: '1495', association: 'Skaraborg' },
  { name: 'Skövde', code: '1496', association: 'Skaraborg' },
  { name: 'Tibro', code: '1472', association: 'Skaraborg' },
  { name: 'Tidaholm', code: '1498', association: 'Skaraborg' },
  { name: 'Töreboda', code: '1473', association: 'Skaraborg' },
  { name: 'Vara', code: '1470', association: 'Skaraborg' },
];

export const ASSOCIATIONS: readonly { key: AssociationKey; name: string }[] = [
  { key: 'Fyrbodal', name: 'Fyrbodals kommunalförbund' },
  { key: 'Göteborgsregionen', name: 'Göteborgsregionen (GR)' },
  { key: 'Sjuhärad', name: 'Sjuhärads kommunalförbund (Boråsregionen)' },
  { key: 'Skaraborg', name: 'Skaraborgs kommunalförbund' },
];
