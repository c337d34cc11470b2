/**
 * Sigma's own product types for the generated retail store. One line per type:
 * `name; cheapest price range; option=value,value,...; ...`, option values roughly from cheaper to
 * dearer. The generator picks some of each type's option combinations as the product's variants.
 */
export interface ProductType {
  name: string;
  minPrice: number;
  maxPrice: number;
  options: ReadonlyArray<readonly [string, readonly string[]]>;
}

const LINES = [
  'T-Shirt; 14-40; color=white,black,navy,olive,heather grey,mustard; size=XS,S,M,L,XL,XXL; fit=regular,slim,relaxed; fabric=cotton blend,organic cotton,linen',
  'Hoodie; 35-80; color=charcoal,forest green,burgundy,sand; size=S,M,L,XL; closure=pullover,full zip; lining=brushed cotton,sherpa',
  'Rain Jacket; 55-170; size=S,M,L,XL; color=yellow,navy,black,teal; hood=fixed,packable',
  'Denim Jeans; 40-110; waist=28,30,32,34,36; length=30,32,34; wash=light,medium,dark,black; cut=straight,slim,bootcut',
  'Wool Socks; 10-26; size=S,M,L; cushioning=light,medium,heavy; height=ankle,crew,knee',
  'Trail Running Shoes; 80-160; size=7,8,9,10,11,12; color=slate,coral,moss,black; drop=4mm,8mm,10mm',
  'Laptop; 600-2200; screen size=13-inch,14-inch,15-inch,16-inch; processor=4-core,8-core,12-core; memory=8GB,16GB,32GB; storage=256GB SSD,512GB SSD,1TB SSD',
  'Tablet; 200-850; screen size=8-inch,10-inch,12-inch; storage=64GB,128GB,256GB; connectivity=Wi-Fi,Wi-Fi + cellular; color=silver,graphite,rose',
  'Smartphone; 300-1100; storage=128GB,256GB,512GB; color=midnight,ivory,sage,coral; screen size=6.1-inch,6.7-inch',
  'Computer Monitor; 140-1000; size=24-inch,27-inch,32-inch; resolution=1080p,1440p,4K; panel=VA,IPS,OLED; refresh rate=60Hz,144Hz,240Hz',
  'Wireless Mouse; 18-85; color=black,white,grey; grip=ambidextrous,ergonomic; connectivity=USB receiver,Bluetooth,both',
  'Keyboard; 40-210; layout=compact,tenkeyless,full size; switches=linear,tactile,clicky; backlight=none,white,RGB',
  'USB-C Hub; 22-100; ports=4-port,7-port,10-port; power delivery=60W,100W; color=silver,space grey',
  'Webcam; 28-190; resolution=720p,1080p,4K; microphone=mono,stereo; mount=clip,tripod',
  'Noise-Cancelling Headphones; 85-380; color=black,cream,navy; fit=on-ear,over-ear; battery life=20 hours,30 hours,40 hours',
  'Portable Speaker; 30-240; color=red,blue,black,olive; battery life=10 hours,16 hours,24 hours; water resistance=none,IPX5,IPX7',
  'Fitness Tracker; 35-170; band color=black,lavender,teal,orange; band size=S,M,L; display=monochrome,color',
  'Electric Shaver; 40-210; head type=foil,rotary; usage=dry,wet and dry; color=black,silver,blue',
  'Hair Dryer; 28-170; wattage=1200W,1600W,1875W; attachments=none,diffuser,diffuser and concentrator; color=white,black,pink',
  'Blender; 38-250; capacity=0.5L,1.2L,2L; power=600W,1000W,1500W; jar material=BPA-free plastic,glass',
  'Toaster; 22-115; slots=2-slice,4-slice; finish=matte black,cream,brushed steel; features=basic,bagel mode,bagel and defrost',
  'Rice Cooker; 28-270; capacity=3-cup,5-cup,10-cup; type=basic,fuzzy logic,induction; color=white,black',
  'Air Fryer; 45-190; capacity=3qt,5qt,8qt; color=black,white,sage; controls=dial,touchscreen',
  "Chef's Knife; 25-230; blade length=6-inch,8-inch,10-inch; steel=stainless,carbon,Damascus; handle=resin,wood,stainless",
  'Cookware Set; 75-430; pieces=5-piece,8-piece,12-piece; material=nonstick aluminum,stainless steel,cast iron',
  'Dinnerware Set; 40-260; pieces=12-piece,16-piece,24-piece; color=white,speckled grey,dusty blue; material=stoneware,porcelain,bone china',
  'Throw Blanket; 22-115; size=50x60 in,60x80 in; material=fleece,knit cotton,wool blend; color=oatmeal,rust,slate,blush',
  'Bed Sheet Set; 32-175; size=twin,full,queen,king; thread count=300,400,600; color=white,sage,charcoal,sky blue',
  'Pillow; 18-85; fill=down alternative,memory foam,feather; firmness=soft,medium,firm; size=standard,queen,king',
  'Floor Lamp; 42-210; finish=white,black,brass; bulb=incandescent,LED; shade=fabric,metal,glass',
  'Standing Desk; 240-720; width=48-inch,55-inch,63-inch; top=white,black,oak,walnut; motor=single,dual',
  'Bookcase; 55-330; shelves=3-shelf,4-shelf,5-shelf; finish=white,oak,walnut; material=particleboard,solid wood',
  'Area Rug; 65-580; size=5x7 ft,8x10 ft,9x12 ft; pattern=solid,geometric,floral; material=polypropylene,jute,wool',
  'Plant Pot; 10-85; diameter=6-inch,10-inch,14-inch; material=terracotta,ceramic,fiberglass; color=natural,white,charcoal,glazed green',
  'Camping Tent; 85-500; capacity=2-person,4-person,6-person; season=3-season,4-season; color=orange,green,grey',
  'Sleeping Bag; 45-290; temperature rating=40F,30F,20F; fill=synthetic,down; length=regular,long',
  'Daypack; 32-150; volume=18L,24L,32L; color=black,rust,navy,olive; material=polyester,nylon,waxed canvas',
  'Insulated Tumbler; 12-42; capacity=12oz,20oz,30oz; color=white,black,seafoam,coral; lid=slide,straw,flip',
  'Bicycle Lock; 18-115; type=chain,folding,U-lock; length=short,medium,long; security rating=basic,high,maximum',
  'Electric Scooter; 280-1050; range=15 miles,25 miles,40 miles; top speed=15 mph,20 mph; color=black,white,red',
  'Resistance Bands; 10-42; resistance=light,medium,heavy,set of five; material=latex,fabric',
  'Kettlebell; 22-115; weight=8 kg,12 kg,16 kg,20 kg,24 kg; coating=vinyl,powder coat,cast iron',
  'Tennis Racket; 60-260; head size=98 sq in,100 sq in,105 sq in; weight=280g,300g,315g; grip size=1,2,3,4',
  'Board Game; 18-75; genre=party,cooperative,strategy; players=2-4 players,2-6 players; edition=standard,deluxe',
  'Camera Drone; 110-1150; camera=1080p,2.7K,4K; flight time=20 min,30 min,40 min; controller=standard,with screen',
  'Printer; 75-390; type=inkjet,laser; output=black and white,color; connectivity=USB,Wi-Fi',
  'Video Doorbell; 55-220; resolution=1080p,2K; power=battery,wired; chime=none,plug-in chime',
  'Robot Vacuum; 140-880; navigation=bump sensors,camera,lidar; dustbin=standard,self-emptying; mopping=no,yes',
  'Humidifier; 28-155; tank size=2L,4L,6L; mist=cool,warm,cool and warm; color=white,grey',
  'Fountain Pen; 18-240; nib=extra fine,fine,medium,broad; barrel color=black,burgundy,teal,amber; filling=cartridge,converter,piston',
  'Acoustic Guitar; 170-1150; body=parlor,concert,dreadnought; top wood=spruce,cedar,mahogany; finish=natural,sunburst,black',
  'Watercolor Set; 12-115; colors=12 colors,24 colors,48 colors; grade=student,artist; format=pans,tubes',
  'Dog Leash; 10-58; length=4 ft,6 ft,retractable 16 ft; material=nylon,rope,leather; color=red,black,teal,tan',
  'Cat Tree; 40-210; height=3 ft,5 ft,6 ft; color=beige,grey,brown; scratching=sisal,carpet',
  'Stroller; 140-680; type=travel,full size,jogging; color=black,grey,navy,olive',
  'Carry-On Suitcase; 75-370; shell=soft,hard; color=black,silver,teal,burgundy; wheels=2-wheel,4-wheel spinner',
  'Coffee Grinder; 22-340; burr=blade,conical,flat; grind settings=15,40,60; color=black,white,steel',
  'Scarf; 15-95; material=acrylic,cotton,merino wool,cashmere; color=camel,grey,red,navy; length=standard,long',
];

function parseLine(line: string): ProductType {
  const [name, range, ...options] = line.split('; ') as [string, string, ...string[]];
  const [minPrice, maxPrice] = range.split('-').map(Number) as [number, number];
  return {
    name,
    minPrice,
    maxPrice,
    options: options.map((option) => {
      const [key, values] = option.split('=') as [string, string];
      return [key, values.split(',')] as const;
    }),
  };
}

export const PRODUCT_TYPES: readonly ProductType[] = Object.freeze(LINES.map(parseLine));

/** Words put before a type's name when more products are asked for than there are types. */
export const SERIES = ['Compact', 'Deluxe', 'Travel', 'Studio', 'Classic', 'Urban', 'Heritage'] as const;
